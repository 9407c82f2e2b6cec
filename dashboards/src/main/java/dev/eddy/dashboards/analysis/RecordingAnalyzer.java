package dev.eddy.dashboards.analysis;

import static dev.eddy.dashboards.analysis.EventTypes.*;

import dev.eddy.dashboards.analysis.Report.Missing;
import dev.eddy.jfr.SwarmIds;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import jdk.jfr.EventType;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a flight recording once, event by event (recordings can be large), and summarises the transfers in it.
 * Uses the JDK's {@code jdk.jfr.consumer}: typed field access by name and no extra dependency; JMC core is used
 * where its rule engine is needed (the {@code jmc} package).
 */
public final class RecordingAnalyzer {
  /** What to do with each event type, decided once per type instead of once per event (see {@link #accept}). */
  private final Map<EventType, Handler> handlers = new IdentityHashMap<>();
  /** Counts of the message events {@link MessageEventReader} read. */
  private final Map<String, Handler> messageHandlers = new HashMap<>();
  private static final Set<String> MESSAGE_TYPES = Set.of(MESSAGE_SENT, MESSAGE_RECEIVED);
  private final Map<Long, String> typeNames = new HashMap<>();
  private final Map<String, Boolean> enabled = new HashMap<>();
  /** Swarms by {@link SwarmIds#abbreviate abbreviated} ID: per-message and verified-chunk events carry only that. */
  private final Map<String, SwarmAccumulator> swarms = new TreeMap<>();
  private final Map<String, String> fullSwarmIds = new HashMap<>();
  private final Map<PeerKey, PeerAccumulator> peers = new HashMap<>();
  /**
   * Peers by the swarm ID and address strings as events carry them: message events come a million at a time,
   * interleaved over peers, and this lookup spares abbreviating the swarm ID and building a key for each.
   */
  private final Map<String, Map<String, PeerAccumulator>> peersByEventIds = new HashMap<>();
  /** The last swarm ID string {@link #peer(String, String)} looked up (compared by identity), and its peers. */
  private String lastSwarmId;
  private Map<String, PeerAccumulator> lastSwarmPeers;
  private final Map<PeerKey, SwarmPeerAccumulator> swarmPeers = new TreeMap<>();
  private final Map<String, DropAccumulator> drops = new TreeMap<>();
  private final Map<ChannelKey, CongestionAccumulator> congestion = new TreeMap<>();
  private final Map<String, TraceAccumulator> traced = new HashMap<>();
  private final Map<String, SummaryAccumulator> summarized = new HashMap<>();
  private final Listener listener;
  private Instant start;
  private Instant end;
  /** The span of the message events {@link MessageEventReader} read, in epoch nanoseconds: no Instant per event. */
  private long messagesStart = Long.MAX_VALUE;
  private long messagesEnd = Long.MIN_VALUE;

  /**
   * What else one pass over a recording feeds: the multi-recording report joins recordings from the same single
   * pass over each file, and takes each message event as it was read here, once.
   */
  public interface Listener {
    /** A {@code MessageSent} or {@code MessageReceived} event. */
    void onMessage(RecordedMessage m);

    /** Any other event. */
    void onEvent(RecordedEvent e);
  }

  /** An event type's action and its count, so the per-event work is one identity lookup. */
  private static final class Handler {
    final String typeName;
    final Consumer<RecordedEvent> action;
    /** Message events reach the listener as {@link RecordedMessage}s from their action; the others from here. */
    final boolean forward;
    long count;

    Handler(String typeName, Consumer<RecordedEvent> action, boolean forward) {
      this.typeName = typeName;
      this.action = action;
      this.forward = forward;
    }
  }

  private RecordingAnalyzer(Listener listener) {
    this.listener = listener;
  }

  /**
   * Analyses the recording at {@code file}.
   *
   * @throws IOException when the file cannot be read or is not a flight recording
   */
  public static Report analyze(Path file) throws IOException {
    return analyze(file, NO_LISTENER);
  }

  static final Listener NO_LISTENER = new Listener() {
    @Override
    public void onMessage(RecordedMessage m) {}

    @Override
    public void onEvent(RecordedEvent e) {}
  };

  /**
   * Analyses the recording at {@code file}, handing every event to {@code alsoTo} as well.
   *
   * @throws IOException when the file cannot be read or is not a flight recording
   */
  public static Report analyze(Path file, Listener alsoTo) throws IOException {
    RecordingAnalyzer analyzer = new RecordingAnalyzer(alsoTo);
    Map<Long, String> types;
    try {
      types = MessageEventReader.read(file, analyzer::onMessage);
    } catch (MessageEventReader.UnexpectedLayout e) {
      return analyzeEveryEvent(file, alsoTo);
    }
    analyzer.typeNames.putAll(types);
    if (analyzer.messagesStart <= analyzer.messagesEnd) {
      analyzer.start = Instant.ofEpochSecond(0, analyzer.messagesStart);
      analyzer.end = Instant.ofEpochSecond(0, analyzer.messagesEnd);
    }
    // The message events are read: the JDK's parser skips them unparsed, as it does every type with no action.
    try (EventStream others = EventStream.openFile(file)) {
      others.setOrdered(false); // file order, as RecordingFile reads
      others.setReuse(false); // accumulators keep some events (statistics, lag samples)
      for (String name : new TreeSet<>(types.values())) {
        if (!MESSAGE_TYPES.contains(name)) {
          others.onEvent(name, analyzer::accept);
        }
      }
      others.start();
    }
    return analyzer.report(file.toString());
  }

  /** Every event read with the JDK's parser: for recordings {@link MessageEventReader} does not know. */
  static Report analyzeEveryEvent(Path file, Listener alsoTo) throws IOException {
    RecordingAnalyzer analyzer = new RecordingAnalyzer(alsoTo);
    try (RecordingFile recording = new RecordingFile(file)) {
      for (EventType type : recording.readEventTypes()) {
        analyzer.typeNames.put(type.getId(), type.getName());
      }
      while (recording.hasMoreEvents()) {
        analyzer.accept(recording.readEvent());
      }
    } catch (IndexOutOfBoundsException | IllegalStateException | NegativeArraySizeException e) {
      // The JDK's parser says "cut short" this way for some cuts of a file, with IOException for others.
      throw new IOException(file + ": not a complete flight recording (" + e + ")", e);
    }
    return analyzer.report(file.toString());
  }

  /**
   * Per event: one identity lookup of its type's handler, one field read per value used. Reading a field by name
   * scans the type's fields, so the hot paths (message events) read each field once.
   */
  private void accept(RecordedEvent e) {
    Instant eventStart = e.getStartTime();
    Instant eventEnd = e.getEndTime();
    if (start == null || eventStart.isBefore(start)) {
      start = eventStart;
    }
    if (end == null || eventEnd.isAfter(end)) {
      end = eventEnd;
    }
    Handler handler = handlers.computeIfAbsent(e.getEventType(), this::handler);
    handler.count++;
    handler.action.accept(e);
    if (handler.forward) {
      listener.onEvent(e);
    }
  }

  private Handler handler(EventType type) {
    String name = type.getName();
    Consumer<RecordedEvent> action = switch (name) {
      case MESSAGE_SENT -> e -> onMessage(e, true);
      case MESSAGE_RECEIVED -> e -> onMessage(e, false);
      case CHANNEL_OPENED -> e -> peer(e).onOpened(e);
      case CHANNEL_CLOSED -> e -> {
        peer(e).onClosed(e);
        if (SwarmPeerAccumulator.carriesTotals(e)) {
          swarmPeer(e).onTotals(e, true);
        }
      };
      case PEER_STATISTICS -> e -> swarmPeer(e).onTotals(e, false);
      case PEX_CONTACT -> e -> swarmPeer(e).onPex(e);
      case CHUNK_VERIFIED -> e -> {
        peer(e).onVerified(e);
        swarm(e.getString("swarmId")).onVerified(e);
      };
      case INTEGRITY_FAILURE -> e -> peer(e).integrityFailures++;
      case RETRANSMISSION -> e -> peer(e).onRetransmission(e);
      case CHOKE -> e -> peer(e).onChoke(e, true);
      case UNCHOKE -> e -> peer(e).onChoke(e, false);
      case SWARM_STATISTICS -> e -> swarm(e.getString("swarmId")).onStatistics(e);
      case LIVE_LAG -> e -> swarm(e.getString("swarmId")).onLag(e);
      case CONGESTION_STATE -> e -> congestion.computeIfAbsent(ChannelKey.of(e), CongestionAccumulator::new).accept(e);
      case DATAGRAM_DROPPED -> e -> drops.computeIfAbsent(text(e.getString("reason")), r -> new DropAccumulator())
          .accept(e);
      case METHOD_CALL -> e -> traced.computeIfAbsent(methodName(e), TraceAccumulator::new).accept(e);
      case METHOD_SUMMARY -> e -> summarized.computeIfAbsent(text(e.getString("method")), SummaryAccumulator::new)
          .accept(e);
      case ACTIVE_SETTING -> this::onActiveSetting;
      default -> e -> { };
    };
    return new Handler(name, action, !name.equals(MESSAGE_SENT) && !name.equals(MESSAGE_RECEIVED));
  }

  private void onMessage(RecordedEvent e, boolean sent) {
    RecordedMessage m = RecordedMessage.of(e, sent, epochNanos(e.getEndTime()));
    peer(m.swarmId(), m.remoteAddress()).onMessage(m);
    listener.onMessage(m);
  }

  /** A message event from {@link MessageEventReader}: what {@link #accept} does with the JDK's. */
  private void onMessage(String typeName, RecordedMessage m, long startNanos) {
    messagesStart = Math.min(messagesStart, startNanos);
    messagesEnd = Math.max(messagesEnd, m.endNanos());
    messageHandlers.computeIfAbsent(typeName, name -> new Handler(name, e -> { }, false)).count++;
    peer(m.swarmId(), m.remoteAddress()).onMessage(m);
    listener.onMessage(m);
  }

  /** Nanoseconds since the epoch. */
  public static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private void onActiveSetting(RecordedEvent e) {
    String typeName = typeNames.get(e.getLong("id"));
    if (typeName != null && "enabled".equals(e.getString("name"))) {
      enabled.put(typeName, "true".equals(e.getString("value")));
    }
  }

  private PeerAccumulator peer(RecordedEvent e) {
    return peer(Fields.string(e, "swarmId"), Fields.string(e, "remoteAddress"));
  }

  private PeerAccumulator peer(String swarmId, String address) {
    Map<String, PeerAccumulator> bySwarm = lastSwarmPeers;
    if (swarmId != lastSwarmId || bySwarm == null) { // a recording is mostly one swarm: one lookup per event, not two
      bySwarm = peersByEventIds.computeIfAbsent(text(swarmId), id -> new HashMap<>());
      lastSwarmId = swarmId;
      lastSwarmPeers = bySwarm;
    }
    PeerAccumulator peer = bySwarm.get(text(address));
    if (peer == null) { // not computeIfAbsent: its lambda would capture, an allocation per message event
      String swarmKey = swarmKey(swarmId);
      swarms.computeIfAbsent(swarmKey, SwarmAccumulator::new);
      peer = peers.computeIfAbsent(new PeerKey(swarmKey, text(address)), PeerAccumulator::new);
      bySwarm.put(text(address), peer);
    }
    return peer;
  }

  private SwarmPeerAccumulator swarmPeer(RecordedEvent e) {
    String swarmKey = swarmKey(e.getString("swarmId"));
    swarms.computeIfAbsent(swarmKey, SwarmAccumulator::new);
    return swarmPeers.computeIfAbsent(new PeerKey(swarmKey, text(e.getString("remoteAddress"))), SwarmPeerAccumulator::new);
  }

  private SwarmAccumulator swarm(String swarmId) {
    return swarms.computeIfAbsent(swarmKey(swarmId), SwarmAccumulator::new);
  }

  /** The abbreviated ID, remembering the full one when this event has it. */
  private String swarmKey(String swarmId) {
    String id = text(swarmId);
    String key = SwarmIds.abbreviate(id);
    if (!key.equals(id)) {
      fullSwarmIds.put(key, id);
    }
    return key;
  }

  /** The full swarm ID if any event carried it, else the abbreviated one. */
  String fullSwarmId(String swarmKey) {
    return fullSwarmIds.getOrDefault(swarmKey, swarmKey);
  }

  private static String methodName(RecordedEvent e) {
    String cls = e.hasField("declaringClass") ? e.getString("declaringClass") : null;
    String method = e.hasField("method") ? e.getString("method") : null;
    return (cls == null ? "?" : cls) + "." + (method == null ? "?" : method);
  }

  static String text(String s) {
    return s == null || s.isEmpty() ? "(unknown)" : s;
  }

  double seconds(Instant t) {
    return Duration.between(start, t).toNanos() / 1e9;
  }

  private Report report(String source) {
    if (start == null) {
      throw new IllegalArgumentException("the recording holds no events");
    }
    List<Report.Peer> peerReports = new ArrayList<>();
    new TreeMap<>(peers).forEach((key, p) -> peerReports.add(p.report(fullSwarmId(key.swarmId()), end)));
    List<Report.Swarm> swarmReports = new ArrayList<>();
    swarms.values().forEach(s -> swarmReports.add(withChannelTotals(s.report(this), peerReports)));
    List<Report.Drop> dropReports = new ArrayList<>();
    drops.forEach((reason, d) -> dropReports.add(d.report(reason)));
    dropReports.sort(Comparator.comparingLong(Report.Drop::datagrams).reversed());
    List<Report.Congestion> congestionReports = new ArrayList<>();
    // Congestion control only for channels that sent content (see CongestionAccumulator#sentData).
    java.util.Set<Long> sending = new java.util.HashSet<>();
    peers.values().forEach(p -> sending.addAll(p.sendingChannels()));
    congestion.values().stream().filter(c -> c.sentData() || sending.contains(c.key().localChannel()))
        .forEach(c -> congestionReports.add(c.report(this)));
    List<Report.TracedMethod> methods = new ArrayList<>();
    traced.values().forEach(t -> methods.add(t.report()));
    methods.sort(Comparator.comparingLong(Report.TracedMethod::calls).reversed()
        .thenComparing(Report.TracedMethod::method));
    List<Report.SummarizedMethod> summaries = new ArrayList<>();
    summarized.values().forEach(m -> summaries.add(m.report(this)));
    summaries.sort(Comparator.comparingLong(Report.SummarizedMethod::calls).reversed()
        .thenComparing(Report.SummarizedMethod::method));
    Map<String, Long> chunksTotal = new HashMap<>();
    swarmReports.forEach(s -> chunksTotal.put(s.swarmId(), s.chunksTotal()));
    List<Report.SwarmPeer> swarmPeerReports = new ArrayList<>();
    swarmPeers.forEach((key, p) -> {
      if (p.hasTotals()) {
        String id = fullSwarmId(key.swarmId());
        swarmPeerReports.add(p.report(id, chunksTotal.getOrDefault(id, 0L)));
      }
    });
    return new Report(source, start, end, counts(), swarmReports, peerReports, dropReports,
        congestionReports, methods, summaries, missing(), swarmPeerReports);
  }

  /**
   * Payload totals are at least what the swarm's channels moved: the last periodic sample can predate the end of
   * a short transfer (a peer that exits right after finishing records no later sample).
   */
  private static Report.Swarm withChannelTotals(Report.Swarm s, List<Report.Peer> peers) {
    long sent = 0;
    long received = 0;
    for (Report.Peer p : peers) {
      if (p.swarmId().equals(s.swarmId())) {
        sent += p.payloadBytesSent();
        received += p.payloadBytesReceived();
      }
    }
    return new Report.Swarm(s.swarmId(), s.chunksHeld(), s.chunksTotal(), s.progress(),
        Math.max(s.bytesDownloaded(), received), Math.max(s.bytesUploaded(), sent), s.peersAtEnd(),
        s.progressOverTime(), s.downloadRate(), s.uploadRate(), s.throughputSource(), s.liveLag());
  }

  /** Events of each Eddy type; a type has one handler per chunk of the recording that declares it. */
  private Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    for (Handler h : allHandlers()) {
      if (h.typeName.startsWith("dev.eddy.") && h.count > 0) {
        counts.merge(h.typeName, h.count, Long::sum);
      }
    }
    return counts;
  }

  private List<Handler> allHandlers() {
    List<Handler> all = new ArrayList<>(handlers.values());
    all.addAll(messageHandlers.values());
    return all;
  }

  private List<Missing> missing() {
    List<Missing> missing = new ArrayList<>();
    if (PPSPP.stream().noneMatch(this::recorded)) {
      missing.add(new Missing("Eddy PPSPP events (swarms, peers, drops, congestion)", PPSPP, RecordingHints.ANY_PPSPP));
      absentUnlessRecorded(missing, "traced calls", TRACE, RecordingHints.TRACE);
      return missing;
    }
    absentUnlessRecorded(missing, "messages by type per peer", List.of(MESSAGE_SENT, MESSAGE_RECEIVED),
        RecordingHints.MESSAGES);
    absentUnlessRecorded(missing, "swarm progress and throughput over time", List.of(SWARM_STATISTICS),
        RecordingHints.PERIODIC);
    absentUnlessRecorded(missing, "congestion window and queuing delay over time", List.of(CONGESTION_STATE),
        RecordingHints.PERIODIC);
    absentUnlessRecorded(missing, "per-peer swarm statistics (chunks each way, duplicates, choke time, content share)",
        List.of(PEER_STATISTICS), RecordingHints.PERIODIC);
    absentUnlessRecorded(missing, "traced calls", TRACE, RecordingHints.TRACE);
    return missing;
  }

  /** Missing when none of the types has an event and none was enabled (enabled but silent is an answer). */
  private void absentUnlessRecorded(List<Missing> missing, String what, List<String> types, String how) {
    if (types.stream().noneMatch(this::recorded)) {
      missing.add(new Missing(what, types, how));
    }
  }

  private boolean recorded(String type) {
    return allHandlers().stream().anyMatch(h -> h.typeName.equals(type) && h.count > 0)
        || enabled.getOrDefault(type, false);
  }

  record PeerKey(String swarmId, String remoteAddress) implements Comparable<PeerKey> {
    private static final Comparator<PeerKey> ORDER =
        Comparator.comparing(PeerKey::swarmId).thenComparing(PeerKey::remoteAddress);

    @Override
    public int compareTo(PeerKey o) {
      return ORDER.compare(this, o);
    }
  }

  record ChannelKey(String swarmId, String remoteAddress, long localChannel) implements Comparable<ChannelKey> {
    static ChannelKey of(RecordedEvent e) {
      return new ChannelKey(text(e.getString("swarmId")), text(e.getString("remoteAddress")), e.getLong("localChannel"));
    }

    private static final Comparator<ChannelKey> ORDER = Comparator.comparing(ChannelKey::swarmId)
        .thenComparing(ChannelKey::remoteAddress).thenComparingLong(ChannelKey::localChannel);

    @Override
    public int compareTo(ChannelKey o) {
      return ORDER.compare(this, o);
    }
  }
}
