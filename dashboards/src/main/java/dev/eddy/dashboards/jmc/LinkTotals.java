package dev.eddy.dashboards.jmc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.item.IItemCollection;

/**
 * What each channel of the recording moved, as last known: its close's totals when it closed, otherwise its latest
 * periodic samples (PeerStatistics for bytes, chunks and duplicates; CongestionState for retransmissions).
 *
 * @param peer the remote address
 * @param chunksSent chunks sent to it, retransmissions included
 * @param chunksReceived chunks received from it and verified
 * @param duplicateChunks chunks from it that were held already
 * @param retransmitted chunks sent to it again
 * @param spurious of those, chunks whose first copy had arrived too (no loss)
 */
record LinkTotals(String peer, long chunksSent, long chunksReceived, long duplicateChunks, long retransmitted, long spurious) {
  /** The events {@link #byPeer} takes its totals from, either of which a recording needs for them. */
  static final List<String> SOURCE_EVENTS = List.of("PeerStatistics", "ChannelClosed");

  /** Chunks sent whose first copy was lost, over the first copies sent; 0 when nothing was sent. */
  double lossRate() {
    long originals = chunksSent - retransmitted;
    return originals <= 0 ? 0 : Math.min(1.0, (double) Math.max(0, retransmitted - spurious) / originals);
  }

  /** Per remote peer, in time order of last sight: the sum over its channels. */
  static Map<String, LinkTotals> byPeer(IItemCollection items) {
    Map<String, LinkTotals> out = new LinkedHashMap<>();
    for (LinkTotals t : channels(items)) {
      out.merge(t.peer(), t, (a, b) -> new LinkTotals(a.peer(), a.chunksSent() + b.chunksSent(),
          a.chunksReceived() + b.chunksReceived(), a.duplicateChunks() + b.duplicateChunks(), a.retransmitted() + b.retransmitted(),
          a.spurious() + b.spurious()));
    }
    return out;
  }

  /** Every channel of the recording, keyed by remote address and local channel, in time order of last sight. */
  private static List<LinkTotals> channels(IItemCollection items) {
    Map<String, EventRows.Row> stats = latest(items, PpsppRule.EVENT + "PeerStatistics");
    Map<String, EventRows.Row> congestion = latest(items, PpsppRule.EVENT + "CongestionState");
    Map<String, EventRows.Row> closed = latest(items, PpsppRule.EVENT + "ChannelClosed");
    Map<String, LinkTotals> out = new LinkedHashMap<>();
    stats.forEach((key, s) -> {
      EventRows.Row c = congestion.get(key);
      out.put(key, new LinkTotals(s.peer(), s.number("chunksSent"), s.number("chunksReceived"), s.number("duplicateChunks"),
          c == null ? 0 : c.number("retransmittedChunks"), c == null ? 0 : c.number("spuriousRetransmissions")));
    });
    closed.forEach((key, c) -> out.put(key, new LinkTotals(c.peer(), c.number("chunksSent"), c.number("chunksReceived"),
        c.number("duplicateChunks"), c.number("retransmittedChunks"), c.number("spuriousRetransmissions"))));
    return new ArrayList<>(out.values());
  }

  private static Map<String, EventRows.Row> latest(IItemCollection items, String type) {
    Map<String, EventRows.Row> out = new LinkedHashMap<>();
    for (EventRows.Row r : EventRows.of(items, type)) { // in time order: the last one stays
      out.put(r.peer() + " " + r.number("localChannel"), r);
    }
    return out;
  }
}
