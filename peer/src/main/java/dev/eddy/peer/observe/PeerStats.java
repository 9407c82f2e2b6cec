package dev.eddy.peer.observe;

/**
 * One remote peer of one swarm (one open channel) at one instant: what the swarm's per-peer views show.
 *
 * @param channel the channel
 * @param totals what the channel moved so far, choke times included
 * @param chokedByRemote whether the remote peer chokes us now
 * @param chokingRemote whether we choke the remote peer now
 * @param chunksTotal chunks in the content (0 while unknown)
 */
public record PeerStats(ChannelRef channel, ChannelTotals totals, boolean chokedByRemote, boolean chokingRemote, long chunksTotal) {
  /** The share of the content that came from this peer: its verified chunks over the content's, 0 while unknown. */
  public double contentShare() {
    return chunksTotal <= 0 ? 0.0 : Math.min(1.0, (double) totals.chunksReceived() / chunksTotal);
  }
}
