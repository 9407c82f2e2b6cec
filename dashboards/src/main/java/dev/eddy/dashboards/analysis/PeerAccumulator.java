package dev.eddy.dashboards.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;

/** One remote peer in one swarm, over every channel to it. */
final class PeerAccumulator {
  private final RecordingAnalyzer.PeerKey key;
  /** Messages by type; counted in arrays to spare a boxed Long per event. */
  private final Map<String, long[]> sent = new HashMap<>();
  private final Map<String, long[]> received = new HashMap<>();
  private final Map<Long, ChannelTotals> channels = new HashMap<>();
  /** Consecutive events mostly concern one channel: spares boxing its ID for every lookup. */
  private long lastChannelId;
  private ChannelTotals lastChannel;
  private final List<Duration> handshakeTimes = new ArrayList<>();
  private final List<String> closeReasons = new ArrayList<>();
  private long retransmittedChunks;
  private long firstRetransmissions;
  long integrityFailures;
  private final List<ChokeChange> chokeChanges = new ArrayList<>();

  /** A CHOKE or UNCHOKE; replayed in time order at the end, since file order is not time order. */
  private record ChokeChange(Instant at, boolean choke, boolean byRemote) {}

  /** What one channel moved: exact totals once it closed, otherwise what its events add up to. */
  private static final class ChannelTotals {
    long chunkSize;
    boolean closed;
    long closedBytesSent;
    long closedBytesReceived;
    long closedChunksSent;
    long dataChunksSent;
    long dataChunksReceived;
    long verifiedBytes;
  }

  PeerAccumulator(RecordingAnalyzer.PeerKey key) {
    this.key = key;
  }

  private ChannelTotals channel(RecordedEvent e) {
    return channel(Fields.number(e, "localChannel"));
  }

  private ChannelTotals channel(long id) {
    if (lastChannel == null || id != lastChannelId) {
      lastChannel = channels.computeIfAbsent(id, k -> new ChannelTotals());
      lastChannelId = id;
    }
    return lastChannel;
  }

  void onMessage(RecordedMessage m) {
    String type = RecordingAnalyzer.text(m.type());
    (m.sent() ? sent : received).computeIfAbsent(type, t -> new long[1])[0]++;
    if (type.equals("DATA")) {
      if (m.sent()) {
        channel(m.localChannel()).dataChunksSent += m.chunks();
      } else {
        channel(m.localChannel()).dataChunksReceived += m.chunks();
      }
    }
  }

  void onOpened(RecordedEvent e) {
    handshakeTimes.add(e.getDuration("handshakeTime"));
    channel(e).chunkSize = e.getLong("chunkSize");
  }

  void onClosed(RecordedEvent e) {
    ChannelTotals c = channel(e);
    c.closed = true;
    c.closedBytesSent += e.getLong("bytesSent");
    c.closedBytesReceived += e.getLong("bytesReceived");
    c.closedChunksSent += e.getLong("chunksSent");
    closeReasons.add(RecordingAnalyzer.text(e.getString("reason")));
  }

  void onVerified(RecordedEvent e) {
    channel(e).verifiedBytes += e.getLong("bytes");
  }

  void onRetransmission(RecordedEvent e) {
    long chunks = chunks(e);
    retransmittedChunks += chunks;
    if (e.getInt("attempt") <= 1) {
      firstRetransmissions += chunks;
    }
  }

  void onChoke(RecordedEvent e, boolean choke) {
    chokeChanges.add(new ChokeChange(e.getEndTime(), choke, e.getBoolean("byRemote")));
  }

  /** Total time choked; still choked when the recording ended counts up to its end. */
  private Duration chokedTime(boolean byRemote, Instant recordingEnd) {
    Duration total = Duration.ZERO;
    Instant since = null;
    for (ChokeChange c : chokeChanges) {
      if (c.byRemote() != byRemote) {
        continue;
      }
      if (c.choke() && since == null) {
        since = c.at();
      } else if (!c.choke() && since != null) {
        total = total.plus(Duration.between(since, c.at()));
        since = null;
      }
    }
    return since == null ? total : total.plus(Duration.between(since, recordingEnd));
  }

  /** Local IDs of this peer's channels that sent content. */
  java.util.Set<Long> sendingChannels() {
    java.util.Set<Long> sending = new java.util.HashSet<>();
    channels.forEach((id, c) -> {
      if (c.dataChunksSent > 0 || c.closedChunksSent > 0 || c.closedBytesSent > 0) {
        sending.add(id);
      }
    });
    return sending;
  }

  private static long chunks(RecordedEvent e) {
    long first = Fields.number(e, "chunkStart");
    long last = Fields.number(e, "chunkEnd");
    return first >= 0 && last >= first ? last - first + 1 : 1;
  }

  private static Map<String, Long> totals(Map<String, long[]> counts) {
    Map<String, Long> totals = new TreeMap<>();
    counts.forEach((type, n) -> totals.put(type, n[0]));
    return totals;
  }

  Report.Peer report(String swarmId, Instant recordingEnd) {
    long bytesSent = 0;
    long bytesReceived = 0;
    long chunksSent = 0;
    for (ChannelTotals c : channels.values()) {
      bytesSent += c.closed ? c.closedBytesSent : c.dataChunksSent * c.chunkSize;
      bytesReceived += c.closed ? c.closedBytesReceived : Math.max(c.verifiedBytes, c.dataChunksReceived * c.chunkSize);
      chunksSent += Math.max(c.closedChunksSent, c.dataChunksSent);
    }
    Optional<Double> retransmissionRate = chunksSent > 0
        ? Optional.of((double) retransmittedChunks / chunksSent) : Optional.empty();
    long originals = chunksSent - retransmittedChunks;
    Optional<Double> lossRate = originals > 0
        ? Optional.of(Math.min(1.0, (double) firstRetransmissions / originals)) : Optional.empty();
    Optional<Duration> handshake = handshakeTimes.isEmpty() ? Optional.empty()
        : Optional.of(handshakeTimes.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(handshakeTimes.size()));
    chokeChanges.sort(Comparator.comparing(ChokeChange::at));
    return new Report.Peer(swarmId, key.remoteAddress(), totals(sent), totals(received),
        bytesSent, bytesReceived, handshakeTimes.size(), handshake, List.copyOf(closeReasons), chunksSent,
        retransmittedChunks, retransmissionRate, lossRate, integrityFailures, chokedTime(true, recordingEnd),
        chokedTime(false, recordingEnd));
  }
}
