package dev.eddy.peer.metrics;

import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.CongestionStats;
import dev.eddy.peer.observe.PeerStats;
import dev.eddy.peer.observe.PeerStatsSource;
import dev.eddy.peer.observe.SwarmStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The swarm and per-peer metrics, sampled from the peer's {@link PeerStatsSource} at each scrape (the same source
 * the flight recorder's periodic events read), so nothing is counted twice and an idle endpoint costs nothing.
 *
 * <p>Per-peer series carry {@code swarm} and {@code peer} ({@code host:port}) labels. They are bounded: at most
 * {@code peersPerSwarm} peers of each swarm have series, admitted in the order they appear and kept while their
 * channel is open, so a series never changes owner; a peer that leaves loses its series at the next scrape. The
 * swarm totals count every peer, listed or not.
 */
final class StatsCollector implements MultiCollector {
  /** One metric family computed from one swarm's statistics. */
  private record SwarmMetric(String name, String help, Unit unit, boolean counter, ToDoubleFunction<SwarmStats> value) {}

  /** One metric family computed from one peer's statistics and, for the sending side's state, its congestion. */
  private record PeerMetric(String name, String help, Unit unit, boolean counter, ToDoubleFunction<PeerSample> value) {}

  /** One listed peer: what its channel moved and its LEDBAT state. */
  record PeerSample(PeerStats stats, CongestionStats congestion) {}

  /** Divisors, not factors: 24774 / 1e6 prints as 0.024774, 24774 * 1e-6 as 0.024773999999999997. */
  private static final double NANOS_PER_SECOND = 1e9;
  private static final double MICROS_PER_SECOND = 1e6;

  private static final List<SwarmMetric> SWARM = List.of(
      new SwarmMetric("eddy_swarm_peers", "Channels open in the swarm", null, false, SwarmStats::peers),
      new SwarmMetric("eddy_swarm_content_chunks", "Chunks in the content (0 while unknown)", null, false, SwarmStats::chunksTotal),
      new SwarmMetric("eddy_swarm_held_chunks", "Verified chunks this peer holds", null, false, SwarmStats::chunksHeld),
      new SwarmMetric("eddy_swarm_uploaded_bytes", "Payload bytes sent to other peers, retransmissions included", Unit.BYTES, true,
          SwarmStats::bytesUploaded),
      new SwarmMetric("eddy_swarm_downloaded_bytes", "Verified payload bytes received", Unit.BYTES, true, SwarmStats::bytesDownloaded),
      new SwarmMetric("eddy_swarm_uploaded_chunks", "Chunks sent to other peers, retransmissions included", null, true,
          s -> s.counters().chunksUploaded()),
      new SwarmMetric("eddy_swarm_downloaded_chunks", "Chunks received and verified", null, true, s -> s.counters().chunksDownloaded()),
      new SwarmMetric("eddy_swarm_duplicate_chunks", "Chunks received again after they had verified", null, true,
          s -> s.counters().duplicateChunks()),
      new SwarmMetric("eddy_swarm_integrity_failures", "Received chunks that failed Merkle verification", null, true,
          s -> s.counters().integrityFailures()),
      new SwarmMetric("eddy_swarm_refused_requests", "REQUESTs not served because their sender was choked", null, true,
          s -> s.counters().requestsRefused()));

  private static final List<PeerMetric> PEER = List.of(
      new PeerMetric("eddy_peer_sent_bytes", "Payload bytes sent to the peer, retransmissions included", Unit.BYTES, true,
          p -> p.stats().totals().bytesSent()),
      new PeerMetric("eddy_peer_received_bytes", "Verified payload bytes received from the peer", Unit.BYTES, true,
          p -> p.stats().totals().bytesReceived()),
      new PeerMetric("eddy_peer_sent_chunks", "Chunks sent to the peer, retransmissions included", null, true,
          p -> p.stats().totals().chunksSent()),
      new PeerMetric("eddy_peer_received_chunks", "Chunks received from the peer and verified", null, true,
          p -> p.stats().totals().chunksReceived()),
      new PeerMetric("eddy_peer_duplicate_chunks", "Chunks the peer sent that were held already", null, true,
          p -> p.stats().totals().duplicateChunks()),
      new PeerMetric("eddy_peer_choked_by_remote_seconds", "Time the peer kept us choked", Unit.SECONDS, true,
          p -> p.stats().totals().chokedByRemoteNanos() / NANOS_PER_SECOND),
      new PeerMetric("eddy_peer_choked_by_us_seconds", "Time we kept the peer choked", Unit.SECONDS, true,
          p -> p.stats().totals().chokedByUsNanos() / NANOS_PER_SECOND),
      new PeerMetric("eddy_peer_retransmitted_chunks", "Chunks sent to the peer again after a loss", null, true,
          p -> p.stats().totals().loss().retransmittedChunks()),
      new PeerMetric("eddy_peer_congestion_window_bytes", "LEDBAT congestion window towards the peer", Unit.BYTES, false,
          p -> p.congestion() == null ? 0 : p.congestion().cwndBytes()),
      new PeerMetric("eddy_peer_in_flight_bytes", "Payload bytes sent to the peer and not yet acknowledged", Unit.BYTES, false,
          p -> p.congestion() == null ? 0 : p.congestion().bytesInFlight()),
      new PeerMetric("eddy_peer_rtt_seconds", "Smoothed round-trip time to the peer (0 until measured)", Unit.SECONDS, false,
          p -> p.congestion() == null ? 0 : p.congestion().rttMicros() / MICROS_PER_SECOND),
      new PeerMetric("eddy_peer_queuing_delay_seconds", "One-way delay towards the peer above its base delay", Unit.SECONDS, false,
          p -> p.congestion() == null ? 0 : p.congestion().queuingDelayMicros() / MICROS_PER_SECOND));

  /** Every family this collector writes, for tests and the Grafana dashboard's check. */
  static final List<String> NAMES = java.util.stream.Stream.concat(SWARM.stream().map(SwarmMetric::name), PEER.stream().map(PeerMetric::name))
      .toList();

  private final int peersPerSwarm;
  private volatile PeerStatsSource source = PeerStatsSource.EMPTY;
  /** Per swarm, the peers that have series now, in admission order. Guarded by this. */
  private final Map<String, Set<String>> listed = new HashMap<>();

  StatsCollector(int peersPerSwarm) {
    if (peersPerSwarm < 1) {
      throw new IllegalArgumentException("peers per swarm must be at least 1: " + peersPerSwarm);
    }
    this.peersPerSwarm = peersPerSwarm;
  }

  void sample(PeerStatsSource source) {
    this.source = source;
  }

  /** Keeps the swarm totals as they are now and drops every peer: what a stopped peer goes on exporting. */
  void freeze() {
    source = PeerStatsSource.swarmsOnly(source.swarms());
  }

  @Override
  public synchronized MetricSnapshots collect() {
    PeerStatsSource now = source;
    List<SwarmStats> swarms = now.swarms();
    Map<ChannelRef, CongestionStats> congestion = new HashMap<>();
    for (CongestionStats c : now.channels()) {
      congestion.put(c.channel(), c);
    }
    Map<Labels, List<PeerSample>> peers = listedPeers(now.peers(), congestion);

    MetricSnapshots.Builder out = MetricSnapshots.builder();
    for (SwarmMetric m : SWARM) {
      Map<Labels, Double> points = new LinkedHashMap<>();
      swarms.forEach(s -> points.put(Labels.of("swarm", s.swarmId()), m.value().applyAsDouble(s)));
      out.metricSnapshot(family(m.name(), m.help(), m.unit(), m.counter(), points));
    }
    for (PeerMetric m : PEER) {
      Map<Labels, Double> points = new LinkedHashMap<>();
      // A peer with two channels (each side opened one): counters add up, gauges show the larger.
      peers.forEach((labels, samples) -> points.put(labels, m.counter()
          ? samples.stream().mapToDouble(m.value()).sum() : samples.stream().mapToDouble(m.value()).max().orElse(0)));
      out.metricSnapshot(family(m.name(), m.help(), m.unit(), m.counter(), points));
    }
    return out.build();
  }

  /**
   * The open channels' peers that have series, labelled: peers already listed stay, new ones are admitted while
   * their swarm has room, and peers gone since the last scrape make room. A peer may have two channels in one
   * swarm (each side opened one after learning of the other through PEX): both go under its one label set.
   */
  private Map<Labels, List<PeerSample>> listedPeers(List<PeerStats> open, Map<ChannelRef, CongestionStats> congestion) {
    Map<String, Map<String, List<PeerSample>>> bySwarm = new LinkedHashMap<>();
    for (PeerStats p : open) {
      String peer = ChannelRef.format(p.channel().remote());
      bySwarm.computeIfAbsent(p.channel().swarmId(), s -> new LinkedHashMap<>())
          .computeIfAbsent(peer, k -> new ArrayList<>()).add(new PeerSample(p, congestion.get(p.channel())));
    }
    listed.keySet().retainAll(bySwarm.keySet());
    Map<Labels, List<PeerSample>> out = new LinkedHashMap<>();
    bySwarm.forEach((swarm, peers) -> {
      Set<String> names = listed.computeIfAbsent(swarm, s -> new LinkedHashSet<>());
      names.retainAll(peers.keySet());
      for (String peer : peers.keySet()) {
        if (names.size() >= peersPerSwarm) {
          break;
        }
        names.add(peer);
      }
      for (String peer : names) {
        out.put(Labels.of("peer", peer, "swarm", swarm), peers.get(peer));
      }
    });
    return out;
  }

  private static io.prometheus.metrics.model.snapshots.MetricSnapshot family(
      String name, String help, Unit unit, boolean counter, Map<Labels, Double> points) {
    if (counter) {
      CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
      if (unit != null) {
        b.unit(unit);
      }
      points.forEach((labels, v) -> b.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(v).build()));
      return b.build();
    }
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    if (unit != null) {
      b.unit(unit);
    }
    points.forEach((labels, v) -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(v).build()));
    return b.build();
  }
}
