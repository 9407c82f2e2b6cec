package dev.eddy.dashboards.swarm;

import dev.eddy.dashboards.analysis.EventTypes;
import dev.eddy.dashboards.analysis.RecordingAnalyzer;
import dev.eddy.dashboards.analysis.Report;
import dev.eddy.dashboards.analysis.TimeSeries;
import dev.eddy.dashboards.analysis.TimeSeries.Point;
import dev.eddy.dashboards.swarm.SwarmReport.Flow;
import dev.eddy.dashboards.swarm.SwarmReport.Link;
import dev.eddy.dashboards.swarm.SwarmReport.Member;
import dev.eddy.dashboards.swarm.SwarmReport.PeerProgress;
import dev.eddy.dashboards.swarm.SwarmReport.SenderCounters;
import dev.eddy.dashboards.swarm.SwarmReport.TimelineEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Joins the recordings of several peers: pairs their channels by the two channel IDs (the addresses each side
 * saw may differ, behind a relay or NAT), aligns their clocks, matches each message sent with its receipt, and
 * puts every peer's progress, uploads and events on one time axis.
 */
public final class SwarmAnalyzer {
  /** Timeline entries kept; a large swarm's chokes would otherwise drown the page. */
  static final int TIMELINE_LIMIT = 2000;
  /** PEX_RES messages read within this time of the first are one reply. */
  static final long PEX_REPLY_NANOS = 10_000_000;

  private final List<RecordedPeer> peers;
  /** The channel on the other side, for channels whose counterpart is in another recording. */
  private final Map<RecordedChannel, Side> counterpart = new HashMap<>();
  private final Map<RecordedChannel, Integer> owner = new HashMap<>();
  /** The name of the recording behind each address some other recording reached it at. */
  private final Map<String, String> nameByAddress = new HashMap<>();
  private final Map<Integer, Set<String>> addresses = new HashMap<>();
  /** Each content link with the channels behind it, for the diagnosis. */
  private final List<RecordedLink> recordedLinks = new ArrayList<>();
  private List<SwarmReport.ClockOffset> clocks;
  private long[] offset;
  private long[] error;
  private long origin;

  record Side(int peer, RecordedChannel channel) {}

  private SwarmAnalyzer(List<RecordedPeer> peers) {
    this.peers = peers;
  }

  /**
   * Reads each recording once, several in parallel, and joins them.
   *
   * @throws IOException when a file cannot be read or is not a flight recording; the message names the file
   *     (of several bad files, the first given)
   */
  public static SwarmReport analyze(List<Path> files) throws IOException {
    List<RecordedPeer> peers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Path file : files) {
      String stem = file.getFileName().toString().replaceFirst("\\.jfr$", "");
      String name = stem;
      for (int n = 2; !names.add(name); n++) {
        name = stem + "#" + n;
      }
      peers.add(new RecordedPeer(name, file));
    }
    ExecutorService readers = Executors.newFixedThreadPool(
        Math.min(files.size(), Runtime.getRuntime().availableProcessors()), SwarmAnalyzer::reader);
    try {
      List<Future<Report>> analyses = new ArrayList<>();
      for (RecordedPeer peer : peers) {
        analyses.add(readers.submit(() -> RecordingAnalyzer.analyze(peer.file, peer)));
      }
      for (int i = 0; i < peers.size(); i++) {
        try {
          peers.get(i).finish(analyses.get(i).get());
        } catch (ExecutionException e) {
          // jdk.jfr.consumer reports a file that is not a recording as an IOException with a terse message.
          throw new IOException(files.get(i) + ": not a readable flight recording (" + e.getCause().getMessage() + ")",
              e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the recordings");
    } finally {
      readers.shutdownNow();
    }
    return new SwarmAnalyzer(peers).join();
  }

  /** Reader threads never keep the JVM alive after the report (an error returns before they finish). */
  private static Thread reader(Runnable task) {
    Thread thread = new Thread(task, "eddy-report-reader");
    thread.setDaemon(true);
    return thread;
  }

  private SwarmReport join() {
    pairChannels();
    alignClocks();
    List<Link> links = links();
    List<Report> recordings = peers.stream().map(p -> p.report).toList();
    Diagnosis diagnosis = new Diagnosis(this, recordedLinks);
    return new SwarmReport(Instant.ofEpochSecond(0, origin), members(), diagnosis.causes(), clocks, links, uploads(links),
        progress(), timeline(), recordings, missing());
  }

  // ---- pairing ----------------------------------------------------------------------------------------

  private void pairChannels() {
    Map<Long, List<Side>> byLocal = new HashMap<>();
    for (int i = 0; i < peers.size(); i++) {
      for (RecordedChannel c : peers.get(i).channels.values()) {
        byLocal.computeIfAbsent(c.local, id -> new ArrayList<>()).add(new Side(i, c));
        owner.put(c, i);
      }
    }
    for (int i = 0; i < peers.size(); i++) {
      for (RecordedChannel c : peers.get(i).channels.values()) {
        if (c.remote == 0) {
          continue;
        }
        for (Side other : byLocal.getOrDefault(c.remote, List.of())) {
          if (other.peer() != i && other.channel().remote == c.local) {
            counterpart.put(c, other);
            addresses.computeIfAbsent(other.peer(), k -> new TreeSet<>()).add(c.address);
            nameByAddress.put(c.address, peers.get(other.peer()).name);
          }
        }
      }
    }
  }

  /** Who is at the other end of {@code c}: a recording's name, else the address it was reached at. */
  String remoteName(RecordedChannel c) {
    Side other = counterpart.get(c);
    if (other != null) {
      return peers.get(other.peer()).name;
    }
    return nameByAddress.getOrDefault(c.address, c.address);
  }

  Optional<Side> counterpart(RecordedChannel c) {
    return Optional.ofNullable(counterpart.get(c));
  }

  List<RecordedPeer> peers() {
    return peers;
  }

  private List<Member> members() {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      RecordedPeer p = peers.get(i);
      members.add(new Member(p.name, Optional.of(p.file.toString()), List.copyOf(addresses.getOrDefault(i, Set.of())),
          p.messagesRecorded()));
    }
    Set<String> unrecorded = new TreeSet<>();
    for (RecordedPeer p : peers) {
      for (RecordedChannel c : p.channels.values()) {
        if (!counterpart.containsKey(c) && !nameByAddress.containsKey(c.address)) {
          unrecorded.add(c.address);
        }
      }
    }
    unrecorded.forEach(a -> members.add(new Member(a, Optional.empty(), List.of(a), false)));
    return members;
  }

  // ---- clocks -----------------------------------------------------------------------------------------

  private void alignClocks() {
    ClockAlignment alignment = new ClockAlignment(peers.size());
    for (Map.Entry<RecordedChannel, Side> e : counterpart.entrySet()) {
      RecordedChannel c = e.getKey();
      RecordedChannel d = e.getValue().channel();
      if (c.sent.size() > 0 && d.received.size() > 0) {
        LinkMatcher m = new LinkMatcher(c.sent, d.received);
        alignment.add(owner.get(c), e.getValue().peer(), m.minTransit(), m.matched());
      }
    }
    ClockAlignment.Offsets solved = alignment.solve(peers.stream().map(p -> p.name).toList());
    offset = solved.offset();
    error = solved.error();
    clocks = solved.described();
    origin = Long.MAX_VALUE;
    for (int i = 0; i < peers.size(); i++) {
      origin = Math.min(origin, peers.get(i).start() - offset[i]);
    }
  }

  /** Seconds on the report's axis of a time read on recording {@code peer}'s clock. */
  double seconds(int peer, long epochNanos) {
    return (epochNanos - offset[peer] - origin) / 1e9;
  }

  double seconds(RecordedChannel c, long epochNanos) {
    return seconds(owner.get(c), epochNanos);
  }

  int owner(RecordedChannel c) {
    return owner.get(c);
  }

  // ---- links ------------------------------------------------------------------------------------------

  /** A link with the channels behind it, for the diagnosis. */
  record RecordedLink(Link link, Optional<RecordedChannel> senderSide, Optional<RecordedChannel> receiverSide) {}

  private List<Link> links() {
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      RecordedPeer p = peers.get(i);
      for (RecordedChannel c : p.channels.values()) {
        Side other = counterpart.get(c);
        if (c.payloadSent() > 0 || c.dataChunksSent > 0) {
          links.add(link(c, other == null ? null : other.channel()));
        }
        if (other == null && c.payloadReceived() > 0) {
          links.add(link(null, c));
        }
        if (other != null && c.payloadSent() == 0 && other.channel().payloadReceived() > 0) {
          links.add(link(c, other.channel()));
        }
      }
    }
    links.sort(Comparator.comparing(Link::swarmId).thenComparing(Link::sender).thenComparing(Link::receiver));
    return links;
  }

  /** Content over one channel, one direction; either side may be unrecorded (null). */
  private Link link(RecordedChannel sender, RecordedChannel receiver) {
    RecordedChannel known = sender != null ? sender : receiver;
    RecordedPeer knownPeer = peers.get(owner.get(known));
    String swarm = knownPeer.fullSwarmId(known.swarmKey);
    String senderName = sender != null ? peers.get(owner.get(sender)).name : remoteName(receiver);
    String receiverName = receiver != null ? peers.get(owner.get(receiver)).name : remoteName(sender);
    long bytes = receiver != null ? receiver.payloadReceived() : sender.payloadSent();
    Optional<SwarmReport.Delivery> delivery = Optional.empty();
    TimeSeries delay = new TimeSeries("one-way delay", "ns", List.of());
    if (sender != null && receiver != null && sender.sent.size() > 0 && receiver.received.size() > 0) {
      int s = owner.get(sender);
      int r = owner.get(receiver);
      long theta = offset[r] - offset[s];
      long tolerance = Math.max(0, error[s]) + Math.max(0, error[r]);
      LinkMatcher.Result result = new LinkMatcher(sender.sent, receiver.received)
          .match(theta, tolerance, t -> seconds(s, t));
      delivery = Optional.of(result.delivery());
      delay = result.delay();
    }
    Optional<SenderCounters> counters = sender == null ? Optional.empty() : Optional.of(new SenderCounters(
        Math.max(sender.chunksSent, sender.dataChunksSent), sender.retransmitted, sender.spurious,
        sender.lossEpisodes, sender.timeouts));
    Link link = new Link(swarm, senderName, receiverName, sender == null ? 0 : sender.local,
        receiver == null ? 0 : receiver.local, bytes, delivery, counters, delay, window(sender), throughput(receiver));
    recordedLinks.add(new RecordedLink(link, Optional.ofNullable(sender), Optional.ofNullable(receiver)));
    return link;
  }

  private TimeSeries window(RecordedChannel sender) {
    List<Point> points = new ArrayList<>();
    if (sender != null) {
      List<long[]> samples = new ArrayList<>(sender.congestion);
      samples.sort(Comparator.comparingLong(s -> s[0]));
      samples.forEach(s -> points.add(new Point(seconds(sender, s[0]), s[1])));
    }
    return new TimeSeries("sender's congestion window", "bytes", points);
  }

  /**
   * Bytes the receiver verified (else received in DATA) per second; buckets of a tenth of the span, 1 s at most.
   * Arrivals as parallel arrays, unsorted (only the first and last time matter, and whole byte counts add up
   * exactly in any order): a channel can receive a million DATA messages.
   */
  private TimeSeries throughput(RecordedChannel receiver) {
    List<Point> points = new ArrayList<>();
    if (receiver == null) {
      return new TimeSeries("receiver's throughput", "bytes/s", points);
    }
    int n = 0;
    long[] times;
    long[] sizes;
    if (!receiver.verified.isEmpty()) {
      times = new long[receiver.verified.size()];
      sizes = new long[times.length];
      for (long[] v : receiver.verified) {
        times[n] = v[0];
        sizes[n++] = v[1];
      }
    } else {
      MessageLog log = receiver.received;
      times = new long[log.size()];
      sizes = new long[times.length];
      for (int i = 0; i < log.size(); i++) {
        if (log.kind(i) == MessageKind.DATA) {
          times[n] = log.time(i);
          sizes[n++] = (log.end(i) - log.start(i) + 1) * receiver.chunkSize;
        }
      }
    }
    if (n == 0) {
      return new TimeSeries("receiver's throughput", "bytes/s", points);
    }
    long firstTime = Long.MAX_VALUE;
    long lastTime = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      firstTime = Math.min(firstTime, times[i]);
      lastTime = Math.max(lastTime, times[i]);
    }
    int peer = owner(receiver);
    double first = seconds(peer, firstTime);
    double last = seconds(peer, lastTime);
    double width = Math.min(1.0, Math.max(0.05, (last - first) / 50));
    int buckets = (int) ((last - first) / width) + 1;
    double[] bytes = new double[buckets];
    for (int i = 0; i < n; i++) {
      bytes[Math.min(buckets - 1, (int) ((seconds(peer, times[i]) - first) / width))] += sizes[i];
    }
    for (int b = 0; b < buckets; b++) {
      points.add(new Point(first + (b + 1) * width, bytes[b] / width));
    }
    return new TimeSeries("receiver's throughput", "bytes/s", points);
  }

  private static List<Flow> uploads(List<Link> links) {
    Map<List<String>, Long> bytes = new LinkedHashMap<>();
    for (Link l : links) {
      bytes.merge(List.of(l.swarmId(), l.sender(), l.receiver()), l.payloadBytes(), Long::sum);
    }
    List<Flow> flows = new ArrayList<>();
    bytes.forEach((k, v) -> flows.add(new Flow(k.get(0), k.get(1), k.get(2), v)));
    flows.sort(Comparator.comparingLong(Flow::bytes).reversed());
    return flows;
  }

  // ---- progress and timeline --------------------------------------------------------------------------

  private List<PeerProgress> progress() {
    List<PeerProgress> progress = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      RecordedPeer p = peers.get(i);
      double shift = seconds(i, p.start());
      for (Report.Swarm s : p.report.swarms()) {
        if (s.progressOverTime().isEmpty()) {
          continue;
        }
        List<Point> points = s.progressOverTime().points().stream()
            .map(pt -> new Point(pt.seconds() + shift, pt.value())).toList();
        progress.add(new PeerProgress(p.name, s.swarmId(), new TimeSeries("progress", "%", points)));
      }
    }
    return progress;
  }

  private List<TimelineEntry> timeline() {
    List<TimelineEntry> entries = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      RecordedPeer p = peers.get(i);
      for (RecordedChannel c : p.channels.values()) {
        String remote = remoteName(c);
        Side other = counterpart.get(c);
        // A pair's opening once, from the side that initiated it.
        if (c.openedAt != Long.MIN_VALUE && (other == null || c.initiatedLocally)) {
          entries.add(new TimelineEntry(seconds(i, c.openedAt), p.name, "join",
              p.name + (c.initiatedLocally ? " joined " : " accepted ") + remote));
        }
        if (c.closed()) {
          entries.add(new TimelineEntry(seconds(i, c.closedAt), p.name, "leave",
              p.name + "'s channel to " + remote + " closed: " + c.closeReason));
        }
        pexContacts(i, c, remote, entries);
      }
      for (long[] choke : p.chokes) {
        RecordedChannel c = p.channels.get(choke[1]);
        boolean byRemote = choke[3] == 1;
        if (byRemote && counterpart.containsKey(c)) {
          continue; // the choking side's recording tells it
        }
        String who = byRemote ? remoteName(c) : p.name;
        String whom = byRemote ? p.name : remoteName(c);
        String kind = choke[2] == 1 ? "choke" : "unchoke";
        entries.add(new TimelineEntry(seconds(i, choke[0]), who, kind, who + " " + kind + "d " + whom));
      }
    }
    entries.sort(Comparator.comparingDouble(TimelineEntry::seconds));
    return entries.size() > TIMELINE_LIMIT ? List.copyOf(entries.subList(0, TIMELINE_LIMIT)) : entries;
  }

  /** PEX replies as contacts: one PEX_RES message per address, so a reply's addresses (read together) are one entry. */
  private void pexContacts(int peer, RecordedChannel c, String remote, List<TimelineEntry> entries) {
    MessageLog in = c.received;
    List<Long> times = new ArrayList<>();
    for (int k = 0; k < in.size(); k++) {
      if (in.kind(k) == MessageKind.PEX_RES) {
        times.add(in.time(k));
      }
    }
    times.sort(null);
    String name = peers.get(peer).name;
    for (int k = 0; k < times.size(); ) {
      int to = k + 1;
      while (to < times.size() && times.get(to) - times.get(k) < PEX_REPLY_NANOS) {
        to++;
      }
      int addresses = to - k;
      entries.add(new TimelineEntry(seconds(peer, times.get(k)), name, "pex", name + " learned " + addresses
          + (addresses == 1 ? " peer address" : " peer addresses") + " from " + remote));
      k = to;
    }
  }

  // ---- what is missing --------------------------------------------------------------------------------

  private List<Report.Missing> missing() {
    List<Report.Missing> missing = new ArrayList<>();
    List<String> withoutMessages = peers.stream().filter(p -> !p.messagesRecorded()).map(p -> p.name).toList();
    if (!withoutMessages.isEmpty()) {
      missing.add(new Report.Missing("one-way delay, loss, reordering and clock offsets on the links of "
          + String.join(", ", withoutMessages) + " (no per-message events)",
          List.of(EventTypes.MESSAGE_SENT, EventTypes.MESSAGE_RECEIVED),
          "record every peer with --record FILE.jfr --record-settings messages (or settings=ppspp-messages.jfc)"));
    }
    Set<String> unrecorded = new TreeSet<>();
    for (RecordedPeer p : peers) {
      for (RecordedChannel c : p.channels.values()) {
        if (!counterpart.containsKey(c) && !nameByAddress.containsKey(c.address)) {
          unrecorded.add(c.address + " (seen by " + p.name + ")");
        }
      }
    }
    if (!unrecorded.isEmpty()) {
      missing.add(new Report.Missing("the other side of the channels to " + String.join(", ", unrecorded)
          + ": no recording given belongs to it",
          List.of(EventTypes.CHANNEL_OPENED),
          "record that peer too (eddy seed|get ... --record FILE.jfr) and give its recording to eddy report"));
    }
    return missing;
  }
}
