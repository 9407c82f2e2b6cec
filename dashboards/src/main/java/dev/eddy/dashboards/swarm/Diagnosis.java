package dev.eddy.dashboards.swarm;

import dev.eddy.dashboards.analysis.Report;
import dev.eddy.dashboards.render.Units;
import dev.eddy.dashboards.swarm.SwarmAnalyzer.RecordedLink;
import dev.eddy.dashboards.swarm.SwarmReport.Cause;
import dev.eddy.dashboards.swarm.SwarmReport.Cause.Kind;
import dev.eddy.dashboards.swarm.SwarmReport.Delivery;
import dev.eddy.dashboards.swarm.SwarmReport.SenderCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What limited each transfer, in words, with the evidence. A transfer is one recording's download in one swarm;
 * its findings are ranked by {@link Kind} (hostile and vanished peers before loss, loss before choking, and so
 * on), then by size, so the first is the one to act on.
 */
final class Diagnosis {
  /** Loss below this share of DATA (or of chunks sent) is what any busy link shows, not a cause. */
  static final double LOSS_THRESHOLD = 0.01;
  static final long LOSS_MIN_COPIES = 5;
  /** A transfer choked for this share of its time was held back by the choke. */
  static final double CHOKED_THRESHOLD = 0.25;
  /** Half of LEDBAT's 25 ms target: a window held there is held by the queue. */
  static final long QUEUING_THRESHOLD_NANOS = 12_500_000;
  static final double CPU_THRESHOLD = 0.9;
  /** A sender with less than this share of its window in flight is not limited by the window. */
  static final double SENDER_FILL_THRESHOLD = 0.5;
  static final double GC_THRESHOLD = 0.1;
  /** An I/O loop blocked for this share of a transfer held it back. */
  static final double BLOCKED_THRESHOLD = 0.1;
  /** A peer silent this long while we kept asking it, with the transfer going on, is gone. */
  static final long SILENCE_NANOS = 1_000_000_000L;

  private final SwarmAnalyzer swarm;
  private final List<RecordedLink> links;

  Diagnosis(SwarmAnalyzer swarm, List<RecordedLink> links) {
    this.swarm = swarm;
    this.links = links;
  }

  private record Finding(Cause cause, double size) {}

  List<Cause> causes() {
    List<Cause> causes = new ArrayList<>();
    List<RecordedPeer> peers = swarm.peers();
    for (int i = 0; i < peers.size(); i++) {
      RecordedPeer p = peers.get(i);
      for (Report.Swarm s : p.report.swarms()) {
        boolean downloading = s.bytesDownloaded() > 0 || (s.chunksTotal() > 0 && s.progress() < 1);
        if (downloading) {
          causes.addAll(transfer(i, p, s));
        }
      }
      for (RecordedLink l : links) {
        if (l.receiverSide().isEmpty() && l.senderSide().filter(c -> p.channels.containsValue(c)).isPresent()) {
          causes.addAll(upload(p, l));
        }
      }
    }
    return causes;
  }

  /** An upload to a peer whose recording is not given: what the sender's side shows. */
  private List<Cause> upload(RecordedPeer p, RecordedLink l) {
    String name = p.name + " uploading to " + l.link().receiver() + " (" + Units.shortId(l.link().swarmId()) + ")";
    RecordedChannel c = l.senderSide().get();
    long start = c.openedAt != Long.MIN_VALUE ? c.openedAt : c.firstSeen;
    long end = c.closed() ? c.closedAt : c.lastSeen;
    Duration span = Duration.ofNanos(Math.max(0, end - start));
    List<Finding> findings = new ArrayList<>();
    loss(name, l, findings);
    queuing(name, l, cpuLoad(p, start, end), findings);
    stall(name, p, start, end, span, findings);
    findings.sort(Comparator.comparing((Finding f) -> f.cause().kind()).thenComparing(f -> -f.size()));
    if (findings.isEmpty()) {
      findings.add(new Finding(new Cause(name, Kind.NONE, "nothing on the sender's side limited it: "
          + Units.bytes(l.link().payloadBytes()) + " sent",
          "loss below " + Units.percent(LOSS_THRESHOLD) + ", no queuing delay near the target, no CPU or GC stall;"
              + " the receiver's recording would show its side"), 0));
    }
    return findings.stream().map(Finding::cause).toList();
  }

  private List<Cause> transfer(int index, RecordedPeer p, Report.Swarm s) {
    String name = p.name + " downloading " + Units.shortId(s.swarmId());
    String key = dev.eddy.jfr.SwarmIds.abbreviate(s.swarmId());
    List<RecordedChannel> channels = p.channels.values().stream().filter(c -> c.swarmKey.equals(key)).toList();
    List<RecordedLink> incoming = links.stream()
        .filter(l -> l.receiverSide().isPresent() && channels.contains(l.receiverSide().get())).toList();
    long start = channels.stream().mapToLong(c -> c.openedAt != Long.MIN_VALUE ? c.openedAt : c.firstSeen).min()
        .orElse(p.start());
    long end = transferEnd(p, s, channels);
    Duration span = Duration.ofNanos(Math.max(0, end - start));
    List<Finding> findings = new ArrayList<>();
    for (RecordedChannel c : channels) {
      integrity(name, c, findings);
      vanished(name, index, p, c, end, findings);
    }
    OptionalDouble cpu = cpuLoad(p, start, end);
    for (RecordedLink l : incoming) {
      loss(name, l, findings);
      queuing(name, l, cpu, findings);
    }
    incoming.stream().max(Comparator.comparingLong(l -> l.link().payloadBytes()))
        .ifPresent(l -> senderLimited(name, l, findings));
    for (Report.Peer peer : p.report.peers()) {
      if (peer.swarmId().equals(s.swarmId()) && span.toNanos() > 0
          && peer.chokedByRemote().toNanos() >= CHOKED_THRESHOLD * span.toNanos()
          && peer.chokedByRemote().toMillis() >= 500) {
        String who = channels.stream().filter(c -> c.address.equals(peer.remoteAddress())).findFirst()
            .map(swarm::remoteName).orElse(peer.remoteAddress());
        findings.add(new Finding(new Cause(name, Kind.CHOKED, who + " choked " + p.name,
            who + " kept " + p.name + " choked for " + Units.duration(peer.chokedByRemote()) + " of the "
                + Units.duration(span) + " transfer"), peer.chokedByRemote().toNanos()));
      }
    }
    stall(name, p, start, end, span, findings);
    findings.sort(Comparator.comparing((Finding f) -> f.cause().kind()).thenComparing(f -> -f.size()));
    if (findings.isEmpty()) {
      long bytes = incoming.stream().mapToLong(l -> l.link().payloadBytes()).sum();
      double seconds = Math.max(1e-9, span.toNanos() / 1e9);
      String from = incoming.stream().map(l -> l.link().sender() + " " + Units.bytes(l.link().payloadBytes()))
          .reduce((a, b) -> a + ", " + b).orElse("no recorded peer");
      findings.add(new Finding(new Cause(name, Kind.NONE,
          "nothing in the recordings limited it: " + Units.bytes(bytes) + " in " + Units.duration(span) + " ("
              + Units.rate(bytes / seconds) + ")",
          "no integrity failure, no vanished peer, loss below " + Units.percent(LOSS_THRESHOLD)
              + ", no long choke, no CPU or GC stall"
              + (incoming.stream().anyMatch(l -> l.senderSide().isPresent())
                  ? ", no queuing delay near the target, senders filled their windows"
                  : "; the senders' side (their loss recovery, windows and queuing delay) is in no recording given")
              + "; from " + from), 0));
    }
    return findings.stream().map(Finding::cause).toList();
  }

  /** When the download ended: its last DATA or verified chunk, else when progress reached 100 %, else the recording's end. */
  private static long transferEnd(RecordedPeer p, Report.Swarm s, List<RecordedChannel> channels) {
    long last = Long.MIN_VALUE;
    for (RecordedChannel c : channels) {
      last = Math.max(last, c.received.lastTime(MessageKind.DATA));
      for (long[] v : c.verified) {
        last = Math.max(last, v[0]);
      }
    }
    if (last != Long.MIN_VALUE) {
      return last;
    }
    for (var point : s.progressOverTime().points()) {
      if (point.value() >= 100) {
        return p.start() + (long) (point.seconds() * 1e9);
      }
    }
    return p.end();
  }

  private void integrity(String name, RecordedChannel c, List<Finding> findings) {
    if (c.integrityFailures == 0) {
      return;
    }
    String who = swarm.remoteName(c);
    findings.add(new Finding(new Cause(name, Kind.INTEGRITY_FAILURES, "integrity failures from " + who,
        c.integrityFailures + " chunk run(s) from " + who + " (" + c.address + ") failed Merkle verification"
            + (c.integrityDetail == null ? "" : " (first: " + c.integrityDetail + ")")
            + (c.closed() ? "; the channel closed: " + c.closeReason : "")
            + "; nothing unverified was kept"), c.integrityFailures));
  }

  private void vanished(String name, int index, RecordedPeer p, RecordedChannel c, long end, List<Finding> findings) {
    if (c.payloadReceived() == 0 && c.dataChunksReceived == 0) {
      return;
    }
    String who = swarm.remoteName(c);
    Optional<SwarmAnalyzer.Side> other = swarm.counterpart(c);
    String delivered = Units.bytes(c.payloadReceived());
    if ("peer timed out".equals(c.closeReason)) {
      findings.add(new Finding(new Cause(name, Kind.VANISHED_PEER, who + " vanished",
          who + " delivered " + delivered + ", then stopped answering: the channel closed at "
              + seconds(index, c.closedAt) + " (peer timed out)" + recordingEnd(other)), c.payloadReceived()));
      return;
    }
    long lastIn = lastReceived(c);
    if (lastIn == Long.MIN_VALUE || end - lastIn < SILENCE_NANOS) {
      return;
    }
    long unanswered = 0;
    for (int k = 0; k < c.sent.size(); k++) {
      if (c.sent.kind(k) == MessageKind.REQUEST && c.sent.time(k) > lastIn) {
        unanswered++;
      }
    }
    boolean closedByPeer = "closed by peer".equals(c.closeReason) && c.closedAt - lastIn < SILENCE_NANOS;
    // A peer whose recording goes on past the transfer's end was alive: silent, not gone.
    boolean stillRecorded = other.isPresent() && swarm.seconds(other.get().peer(),
        swarm.peers().get(other.get().peer()).end()) > swarm.seconds(index, end) - 0.5;
    if (unanswered > 0 && !closedByPeer && !stillRecorded) {
      findings.add(new Finding(new Cause(name, Kind.VANISHED_PEER, who + " vanished",
          who + " delivered " + delivered + ", then fell silent at " + seconds(index, lastIn) + "; " + unanswered
              + " REQUEST(s) sent to it afterwards went unanswered while the transfer went on until "
              + seconds(index, end) + recordingEnd(other)), c.payloadReceived()));
    }
  }

  private String recordingEnd(Optional<SwarmAnalyzer.Side> other) {
    if (other.isEmpty()) {
      return "; no recording of it was given (a killed process writes none)";
    }
    RecordedPeer q = swarm.peers().get(other.get().peer());
    return "; its recording ends at " + seconds(other.get().peer(), q.end());
  }

  private static long lastReceived(RecordedChannel c) {
    long last = Long.MIN_VALUE;
    for (int k = 0; k < c.received.size(); k++) {
      last = Math.max(last, c.received.time(k));
    }
    return last;
  }

  private String seconds(int peer, long epochNanos) {
    return String.format(Locale.ROOT, "%.2f s", swarm.seconds(peer, epochNanos));
  }

  private void loss(String name, RecordedLink l, List<Finding> findings) {
    String link = l.link().name();
    Optional<Delivery> d = l.link().delivery();
    Optional<SenderCounters> counters = l.link().senderCounters();
    String window = counters.filter(c -> c.lossEpisodes() > 0)
        .map(c -> "; the sender halved its window " + c.lossEpisodes() + " time(s)"
            + (c.timeouts() > 0 ? " and timed out " + c.timeouts() + " time(s)" : "")).orElse("");
    if (d.isPresent() && d.get().sent() > 0) {
      Delivery x = d.get();
      if (x.lost() >= LOSS_MIN_COPIES && x.lossRate() >= LOSS_THRESHOLD) {
        long needed = x.retransmissions() - x.unneededRetransmissions();
        findings.add(new Finding(new Cause(name, Kind.LOSS, "loss on link " + link + ": " + Units.percent(x.lossRate())
            + " of DATA lost",
            x.lost() + " of " + x.sent() + " DATA copies sent never arrived; " + x.retransmissions()
                + " retransmissions, " + needed + " of them needed and " + x.unneededRetransmissions()
                + " not (the first copy arrived too)"
                + (x.reordered() > 0 ? "; " + x.reordered() + " arrived out of order" : "")
                + x.medianDelay().map(m -> "; one-way delay median " + Units.duration(m)).orElse("")
                + x.p99Delay().map(m -> ", p99 " + Units.duration(m)).orElse("") + window), x.lossRate()));
      }
      return;
    }
    if (counters.isPresent() && counters.get().chunksSent() > 0) {
      SenderCounters c = counters.get();
      long needed = c.retransmitted() - c.spurious();
      double rate = (double) needed / c.chunksSent();
      if (needed >= LOSS_MIN_COPIES && rate >= LOSS_THRESHOLD) {
        findings.add(new Finding(new Cause(name, Kind.LOSS, "loss on link " + link + ": about " + Units.percent(rate)
            + " of chunks lost (the sender's count)",
            "the sender retransmitted " + c.retransmitted() + " of " + c.chunksSent() + " chunks; " + c.spurious()
                + " of those were not needed (the first copy arrived too), so about " + needed + " were lost"
                + window + "; record both peers with --record-settings messages to see each loss"), rate));
      }
    }
  }

  /** The median machine CPU load of {@code p}'s recording between {@code start} and {@code end}. */
  private static OptionalDouble cpuLoad(RecordedPeer p, long start, long end) {
    double[] loads = p.cpu.stream().filter(s -> s[0] >= start && s[0] <= end).mapToDouble(s -> s[1]).sorted()
        .toArray();
    return loads.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(loads[(loads.length - 1) / 2]);
  }

  private void queuing(String name, RecordedLink l, OptionalDouble cpu, List<Finding> findings) {
    if (l.senderSide().isEmpty()) {
      return;
    }
    long[] delays = l.senderSide().get().congestion.stream().filter(s -> s[3] > 0).mapToLong(s -> s[2]).toArray();
    if (delays.length == 0) {
      return;
    }
    Arrays.sort(delays);
    long median = delays[(delays.length - 1) / 2];
    if (median >= QUEUING_THRESHOLD_NANOS) {
      long[] windows = l.senderSide().get().congestion.stream().filter(s -> s[3] > 0).mapToLong(s -> s[1]).sorted()
          .toArray();
      findings.add(new Finding(new Cause(name, Kind.QUEUING_DELAY, "the congestion window on " + l.link().name()
          + " was held down by queuing delay",
          "median queuing delay " + Units.nanos(median) + " while sending (LEDBAT's target is 25 ms, and it shrinks"
              + " the window as the delay nears it); median window " + Units.bytes(windows[(windows.length - 1) / 2])
              + (cpu.orElse(0) >= CPU_THRESHOLD
                  ? "; the CPU was saturated too, and a process waiting for it reads as a queue"
                  : "; a queue on the path (a bottleneck) fills")), median));
    }
  }

  /**
   * The main sender kept its window mostly empty while it sent: it sent what it was allowed or asked to (an
   * upload rate cap, upload slots, the receiver's requests), not what the path would take.
   */
  private void senderLimited(String name, RecordedLink l, List<Finding> findings) {
    if (l.senderSide().isEmpty()) {
      return;
    }
    RecordedChannel c = l.senderSide().get();
    long lastData = c.sent.lastTime(MessageKind.DATA);
    double[] fill = c.congestion.stream()
        .filter(s -> s[1] > 0 && (lastData == Long.MIN_VALUE ? s[3] > 0 : s[0] <= lastData))
        .mapToDouble(s -> Math.min(1.0, (double) s[3] / s[1])).sorted().toArray();
    if (fill.length < 2) {
      return;
    }
    double median = fill[(fill.length - 1) / 2];
    if (median < SENDER_FILL_THRESHOLD) {
      findings.add(new Finding(new Cause(name, Kind.SENDER_LIMITED, l.link().sender() + " sent less than its window allowed",
          "median " + Units.percent(median) + " of " + l.link().sender() + "'s congestion window was in flight over "
              + fill.length + " samples while it sent to " + l.link().receiver() + ": it sent what it was allowed or"
              + " asked to (an upload rate cap, its upload slots, the requests it got), not what the path would take"),
          1 - median));
    }
  }

  private void stall(String name, RecordedPeer p, long start, long end, Duration span, List<Finding> findings) {
    loopBlocked(name, p, start, end, span, findings);
    OptionalDouble cpu = cpuLoad(p, start, end);
    if (cpu.isPresent() && cpu.getAsDouble() >= CPU_THRESHOLD) {
      findings.add(new Finding(new Cause(name, Kind.RECEIVER_STALL, "the CPU of " + p.name + "'s machine was saturated",
          "median machine CPU load " + Units.percent(cpu.getAsDouble())
              + " during the transfer (jdk.CPULoad): every process on it, this peer included, waited for a core"),
          cpu.getAsDouble()));
    }
    if (span.toNanos() > 0 && p.gcPauseNanos >= GC_THRESHOLD * span.toNanos()) {
      findings.add(new Finding(new Cause(name, Kind.RECEIVER_STALL, p.name + " stalled in garbage collection",
          "GC pauses took " + Units.nanos(p.gcPauseNanos) + " of the " + Units.duration(span) + " transfer"),
          p.gcPauseNanos));
    }
  }

  /**
   * The peer's I/O loop spent a share of the transfer in blocking calls (sleeps, lock waits, file I/O, as the
   * JDK records them above 20 ms): while it is blocked, datagrams wait in the socket buffer, so the sender sees
   * a queue, and losses once the buffer fills.
   */
  private static void loopBlocked(String name, RecordedPeer p, long start, long end, Duration span,
      List<Finding> findings) {
    Map<String, long[]> byWhat = new TreeMap<>();
    long blocked = 0;
    for (RecordedPeer.Blocked b : p.loopBlocked) {
      long overlap = Math.min(end, b.at() + b.nanos()) - Math.max(start, b.at());
      if (overlap > 0) {
        blocked += overlap;
        long[] sum = byWhat.computeIfAbsent(b.what(), w -> new long[2]);
        sum[0] += overlap;
        sum[1]++;
      }
    }
    if (span.toNanos() <= 0 || blocked < BLOCKED_THRESHOLD * span.toNanos()) {
      return;
    }
    StringBuilder what = new StringBuilder();
    byWhat.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e ->
        what.append(what.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
            .append(Units.nanos(e.getValue()[0])).append(" (").append(e.getValue()[1]).append(')'));
    findings.add(new Finding(new Cause(name, Kind.LOOP_BLOCKED, "the I/O loop of " + p.name + " was blocked",
        "its I/O loop (thread " + RecordedPeer.IO_LOOP_THREAD + "…) spent " + Units.nanos(blocked) + " of the "
            + Units.duration(span) + " transfer in blocking calls: " + what + "; meanwhile nothing is read, so"
            + " datagrams wait in the socket buffer and the sender sees a queue"), blocked));
  }
}
