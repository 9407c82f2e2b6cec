package dev.eddy.dashboards.swarm;

import dev.eddy.dashboards.analysis.Report;
import dev.eddy.dashboards.analysis.TimeSeries;
import dev.eddy.jfr.SwarmIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What several peers' recordings say together: the input of the multi-recording text and HTML reports. Every
 * time series counts seconds from {@link #origin}, on the clock of the {@link ClockOffset reference recording}
 * with the others shifted by their estimated offsets.
 *
 * @param causes what limited each transfer, most telling first
 * @param recordings each recording's own report, in the order given
 * @param missing what the recordings together lack, and how to record it
 */
public record SwarmReport(
    Instant origin,
    List<Member> members,
    List<Cause> causes,
    List<ClockOffset> clocks,
    List<Link> links,
    List<Flow> uploads,
    List<PeerProgress> progress,
    List<TimelineEntry> timeline,
    List<Report> recordings,
    List<Report.Missing> missing) {

  /**
   * A peer of the swarm: a recording, or a remote address that no recording belongs to.
   *
   * @param addresses the addresses other recordings reached it at
   */
  public record Member(String name, Optional<String> recording, List<String> addresses, boolean messagesRecorded) {}

  /**
   * One transfer's limiting factor, in words, with the evidence.
   *
   * @param transfer which download: the recording's peer and the swarm
   */
  public record Cause(String transfer, Kind kind, String summary, String evidence) {
    /** The kinds, in the order the report ranks them: the first that applies is what it names first. */
    public enum Kind {
      INTEGRITY_FAILURES("integrity failures"),
      VANISHED_PEER("a vanished peer"),
      LOSS("loss"),
      CHOKED("choked"),
      /** Blocking calls in the peer's own I/O loop: it explains the queue and the losses the sender sees. */
      LOOP_BLOCKED("receive-side stall: I/O loop blocked"),
      QUEUING_DELAY("congestion window pinned by queuing delay"),
      SENDER_LIMITED("sender-limited"),
      RECEIVER_STALL("receive-side stall"),
      NONE("no limit found");

      private final String label;

      Kind(String label) {
        this.label = label;
      }

      public String label() {
        return label;
      }
    }
  }

  /**
   * A recording's clock against the reference recording's: {@code offset} is what to subtract from its times.
   * Estimated from messages seen on both sides: a message's receipt comes after its sending, which bounds the
   * offset from each direction of every paired channel (handshakes, DATA and ACKs alike).
   *
   * @param offset empty when no message was recorded on both sides (then taken as 0)
   * @param errorBound half the width of the interval the true offset lies in
   * @param basis how it was found, in words
   */
  public record ClockOffset(String member, String reference, Optional<Duration> offset, Optional<Duration> errorBound,
      String basis) {}

  /**
   * Content sent over one channel in one direction, as the sender and the receiver recorded it.
   *
   * @param delivery each sent message matched with its receipt; empty unless both sides recorded messages
   * @param senderCounters the sender's own loss recovery counters; empty when the sender is not recorded
   * @param oneWayDelay median one-way delay per time bucket (needs {@code delivery})
   * @param senderWindow the sender's congestion window, on the same time axis as
   * @param receiverThroughput what the receiver took in per second
   */
  public record Link(
      String swarmId,
      String sender,
      String receiver,
      long senderChannel,
      long receiverChannel,
      long payloadBytes,
      Optional<Delivery> delivery,
      Optional<SenderCounters> senderCounters,
      TimeSeries oneWayDelay,
      TimeSeries senderWindow,
      TimeSeries receiverThroughput) implements TimeSeries.Labelled {

    public String name() {
      return sender + " → " + receiver;
    }

    @Override
    public String label() {
      return name();
    }
  }

  /**
   * DATA messages matched with their receipts, copy by copy.
   *
   * @param sent DATA copies the sender sent (retransmissions included)
   * @param lost copies that never arrived
   * @param duplicated copies that arrived more often than they were sent
   * @param reordered copies that arrived after a copy sent later
   * @param unneededRetransmissions retransmissions of chunks whose earlier copy arrived too
   */
  public record Delivery(long sent, long received, long lost, long duplicated, long reordered, long retransmissions,
      long unneededRetransmissions, Optional<Duration> medianDelay, Optional<Duration> p99Delay) {

    public double lossRate() {
      return sent == 0 ? 0 : (double) lost / sent;
    }
  }

  /** The sender's loss recovery over the channel's life. */
  public record SenderCounters(long chunksSent, long retransmitted, long spurious, long lossEpisodes, long timeouts) {
    public double retransmissionRate() {
      return chunksSent == 0 ? 0 : (double) retransmitted / chunksSent;
    }
  }

  /** Payload one peer uploaded to another in one swarm (a cell of the upload matrix, an arrow of the flow chart). */
  public record Flow(String swarmId, String from, String to, long bytes) {}

  /** One peer's progress in one swarm, on the common time axis. */
  public record PeerProgress(String member, String swarmId, TimeSeries progress) implements TimeSeries.Labelled {
    @Override
    public String label() {
      return member + " swarm " + SwarmIds.abbreviate(swarmId);
    }
  }

  /**
   * A join, leave, choke, unchoke or PEX contact.
   *
   * @param kind {@code join}, {@code leave}, {@code choke}, {@code unchoke} or {@code pex}
   */
  public record TimelineEntry(double seconds, String member, String kind, String text) {}
}
