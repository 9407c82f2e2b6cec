package dev.eddy.peer.observe;

import java.util.List;

/**
 * Periodic statistics of a running peer, for observers that sample (JFR periodic events, progress lines).
 * Safe to call from any thread; each call returns a fresh snapshot.
 */
public interface PeerStatsSource {
  /** A peer with no swarms and no channels (for observers driven outside a running peer). */
  PeerStatsSource EMPTY = swarmsOnly(List.of());

  /** The given swarm statistics, and no channels (a stopped peer's last word, for instance). */
  static PeerStatsSource swarmsOnly(List<SwarmStats> swarms) {
    return new PeerStatsSource() {
      @Override
      public List<SwarmStats> swarms() {
        return swarms;
      }

      @Override
      public List<CongestionStats> channels() {
        return List.of();
      }

      @Override
      public List<PeerStats> peers() {
        return List.of();
      }
    };
  }

  List<SwarmStats> swarms();

  List<CongestionStats> channels();

  /** Every open channel's peer: bytes and chunks each way, duplicates, choke times. */
  List<PeerStats> peers();
}
