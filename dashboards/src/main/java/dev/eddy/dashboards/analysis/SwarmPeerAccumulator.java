package dev.eddy.dashboards.analysis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;

/**
 * One remote peer of one swarm as the per-peer statistics show it: each channel's latest PeerStatistics sample,
 * replaced by its ChannelClosed totals once it closed (both carry the same counters), summed over the channels;
 * and the peer-exchange steps with it. Only events that carry these counters count (see {@link #carriesTotals}):
 * a recording without them gives no row rather than zeros.
 */
final class SwarmPeerAccumulator {
  /** One channel's counters as last seen. */
  private record Totals(long bytesSent, long bytesReceived, long chunksSent, long chunksReceived, long duplicates,
      long chokedByRemoteNanos, long chokedByUsNanos, boolean closed) {}

  private final RecordingAnalyzer.PeerKey key;
  private final Map<Long, Totals> channels = new HashMap<>();
  private long peersOffered;
  private long peersAccepted;
  private boolean tracker;

  SwarmPeerAccumulator(RecordingAnalyzer.PeerKey key) {
    this.key = key;
  }

  /** Whether the event has the per-peer counters (a ChannelClosed from before they existed has not). */
  static boolean carriesTotals(RecordedEvent e) {
    return e.hasField("duplicateChunks") && e.hasField("chokedByRemoteTime");
  }

  /** PeerStatistics (cumulative: the latest wins) or ChannelClosed (final). */
  void onTotals(RecordedEvent e, boolean closed) {
    long channel = e.getLong("localChannel");
    Totals known = channels.get(channel);
    if (known != null && known.closed() && !closed) {
      return; // a sample from before the close, read after it
    }
    channels.put(channel, new Totals(e.getLong("bytesSent"), e.getLong("bytesReceived"), e.getLong("chunksSent"),
        e.getLong("chunksReceived"), e.getLong("duplicateChunks"), e.getDuration("chokedByRemoteTime").toNanos(),
        e.getDuration("chokedByUsTime").toNanos(), closed));
  }

  void onPex(RecordedEvent e) {
    tracker |= e.getBoolean("tracker");
    if ("peer offered".equals(e.getString("kind"))) {
      peersOffered++;
      if ("accepted".equals(e.getString("verdict"))) {
        peersAccepted++;
      }
    }
  }

  boolean hasTotals() {
    return !channels.isEmpty();
  }

  Report.SwarmPeer report(String swarmId, long chunksTotal) {
    long chunksReceived = channels.values().stream().mapToLong(Totals::chunksReceived).sum();
    return new Report.SwarmPeer(swarmId, key.remoteAddress(), tracker,
        channels.values().stream().mapToLong(Totals::bytesSent).sum(),
        channels.values().stream().mapToLong(Totals::bytesReceived).sum(),
        channels.values().stream().mapToLong(Totals::chunksSent).sum(), chunksReceived,
        channels.values().stream().mapToLong(Totals::duplicates).sum(),
        chunksTotal > 0 ? Math.min(1.0, (double) chunksReceived / chunksTotal) : Double.NaN,
        Duration.ofNanos(channels.values().stream().mapToLong(Totals::chokedByRemoteNanos).sum()),
        Duration.ofNanos(channels.values().stream().mapToLong(Totals::chokedByUsNanos).sum()), peersOffered, peersAccepted);
  }
}
