package dev.eddy.dashboards.analysis;

import dev.eddy.jfr.SwarmIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a recording says about the transfers it covers: the input of the text and HTML reports.
 *
 * @param tracedMethods methods traced call by call ({@code dev.eddy.trace.MethodCall})
 * @param summarizedMethods methods traced in {@code mode:summary} ({@code dev.eddy.trace.MethodSummary})
 * @param eventCounts how many events of each Eddy type the recording holds (types absent from it are absent)
 * @param missing what the recording lacks, and how to record it
 * @param swarmPeers each remote peer's part in its swarm, from the per-peer statistics (empty without them)
 */
public record Report(
    String source,
    Instant start,
    Instant end,
    Map<String, Long> eventCounts,
    List<Swarm> swarms,
    List<Peer> peers,
    List<Drop> drops,
    List<Congestion> congestion,
    List<TracedMethod> tracedMethods,
    List<SummarizedMethod> summarizedMethods,
    List<Missing> missing,
    List<SwarmPeer> swarmPeers) {

  public Duration span() {
    return Duration.between(start, end);
  }

  /** Whether per-message events were recorded: without them message counts are unknown, not zero. */
  public boolean messagesRecorded() {
    return missing.stream().noneMatch(m -> m.eventTypes().contains(EventTypes.MESSAGE_SENT));
  }

  /**
   * One swarm: progress and throughput over time, from periodic statistics or verified chunks.
   *
   * @param liveLag a live leecher's distance behind the source's newest chunk, in bytes (empty for static content)
   */
  public record Swarm(
      String swarmId,
      long chunksHeld,
      long chunksTotal,
      double progress,
      long bytesDownloaded,
      long bytesUploaded,
      int peersAtEnd,
      TimeSeries progressOverTime,
      TimeSeries downloadRate,
      TimeSeries uploadRate,
      String throughputSource,
      TimeSeries liveLag) implements TimeSeries.Labelled {
    @Override
    public String label() {
      return "swarm " + SwarmIds.abbreviate(swarmId);
    }
  }

  /**
   * One remote peer in one swarm, over all channels to it.
   *
   * @param retransmissionRate retransmitted chunks over all DATA chunks sent; empty when nothing was sent
   * @param lossRate chunks whose first transmission went unacknowledged over chunks sent; empty when unknown
   */
  public record Peer(
      String swarmId,
      String remoteAddress,
      Map<String, Long> messagesSent,
      Map<String, Long> messagesReceived,
      long payloadBytesSent,
      long payloadBytesReceived,
      int channelsOpened,
      Optional<Duration> handshakeTime,
      List<String> closeReasons,
      long chunksSent,
      long chunksRetransmitted,
      Optional<Double> retransmissionRate,
      Optional<Double> lossRate,
      long integrityFailures,
      Duration chokedByRemote,
      Duration chokedByUs) {

    public long messagesSentTotal() {
      return messagesSent.values().stream().mapToLong(Long::longValue).sum();
    }

    public long messagesReceivedTotal() {
      return messagesReceived.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * One remote peer's part in one swarm, exact from the per-peer statistics (PeerStatistics while its channels were
   * open, ChannelClosed totals after).
   *
   * @param tracker whether it was named as a tracker (its PEX contacts say so)
   * @param contentShare the share of the content's chunks that came from it; NaN while the content size is unknown
   * @param peersOffered peers it offered us through PEX, of which {@code peersAccepted} were taken
   */
  public record SwarmPeer(
      String swarmId,
      String remoteAddress,
      boolean tracker,
      long bytesSent,
      long bytesReceived,
      long chunksSent,
      long chunksReceived,
      long duplicateChunks,
      double contentShare,
      Duration chokedByRemote,
      Duration chokedByUs,
      long peersOffered,
      long peersAccepted) {}

  /** Received datagrams that reached no channel, by reason. */
  public record Drop(String reason, long datagrams, long bytes, String example) {}

  /** One channel's LEDBAT state over time. */
  public record Congestion(
      String swarmId, String remoteAddress, long localChannel, TimeSeries window, TimeSeries queuingDelay,
      TimeSeries roundTripTime) implements TimeSeries.Labelled {
    @Override
    public String label() {
      return remoteAddress + String.format(Locale.ROOT, " ch %08x", localChannel);
    }
  }

  /** Calls the tracing agent recorded for one method. */
  public record TracedMethod(String method, long calls, Duration totalTime, Duration maxTime, long threw) {}

  /**
   * One method of {@code mode:summary} trace sessions: its totals, and per interval its calls and latencies.
   *
   * @param max the longest call of any interval
   * @param p50 the intervals' medians; intervals without calls have no point (no latency, not a latency of 0)
   */
  public record SummarizedMethod(String method, long calls, long threw, Duration max, int intervals,
      TimeSeries callsPerInterval, TimeSeries p50, TimeSeries p99, TimeSeries maxOverTime)
      implements TimeSeries.Labelled {
    @Override
    public String label() {
      return method;
    }
  }

  /** A part of the report the recording cannot fill, and the way to record it. */
  public record Missing(String what, List<String> eventTypes, String howToRecord) {}
}
