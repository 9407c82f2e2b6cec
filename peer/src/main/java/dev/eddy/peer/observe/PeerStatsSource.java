package dev.eddy.peer.observe;

import java.util.List;

/**
 * Periodic statistics of a running peer, for observers that sample (JFR periodic events, progress lines).
 * Safe to call from any thread; each call returns a fresh snapshot.
 */
public interface PeerStatsSource {
  List<SwarmStats> swarms();

  List<CongestionStats> channels();
}
