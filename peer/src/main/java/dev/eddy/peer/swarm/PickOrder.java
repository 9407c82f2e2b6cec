package dev.eddy.peer.swarm;

/** In which order a download asks for chunks. */
public enum PickOrder {
  /**
   * The chunks the fewest of our peers have first (ties broken at random): copies spread over the swarm
   * soonest, and downloaders always have something the others want (BitTorrent's rule, RFC 7574 §3.6).
   */
  RAREST_FIRST,
  /**
   * In order from a read position (the start until moved, see {@link Swarm#playFrom}), then the chunks before
   * it: for playing while downloading.
   */
  SEQUENTIAL
}
