package dev.eddy.peer.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.jfr.PpsppEvents;
import dev.eddy.jfr.RecordingProfile;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.ChannelTotals;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.CongestionStats;
import dev.eddy.peer.observe.DropReason;
import dev.eddy.peer.observe.NegotiatedOptions;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerObservers;
import dev.eddy.peer.observe.PeerStats;
import dev.eddy.peer.observe.PeerStatsSource;
import dev.eddy.peer.observe.PexContact;
import dev.eddy.peer.observe.SwarmStats;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The observer's mapping from the peer's observations to event fields, and its cost when nothing records. */
@Timeout(60)
class JfrPeerObserverTest {
  private static final String SWARM = "651258d87cf77ea7b3e5dd7833df8c70a306f1df";
  private static final ChannelRef CHANNEL = new ChannelRef(0xdeadbeefL, 0x0badcafeL, new InetSocketAddress("127.0.0.1", 6778), SWARM);

  @TempDir Path dir;

  @Test
  void theServiceLoaderInstallsTheJfrObserverInEveryPeer() {
    PeerObserver standard = PeerObservers.standard(false);
    assertThat(standard).isInstanceOf(JfrPeerObserver.class);
  }

  @Test
  void everyObservationBecomesItsEventWithTheRightFields() throws Exception {
    JfrPeerObserver observer = new JfrPeerObserver();
    Path file = dir.resolve("observer.jfr");
    try (Recording r = new Recording(RecordingProfile.MESSAGES.configuration())) {
      PpsppEvents.TYPES.forEach(t -> r.enable(t).withThreshold(Duration.ZERO));
      r.start();
      observer.onPeerStarted(PeerStatsSource.EMPTY); // the observer learns that the recorder is up
      assertThat(observer.observesMessages()).isTrue();
      observer.onChannelOpened(CHANNEL, new NegotiatedOptions(1, 1, 0, 2, 1024), 1_500_000, true);
      observer.onMessageSent(CHANNEL, "REQUEST", 0, 63, 40);
      observer.onMessageReceived(CHANNEL, "DATA", 7, 7, 1100);
      observer.onChunkVerified(CHANNEL, 7, 7, 1024);
      observer.onIntegrityFailure(CHANNEL, 9, 9, "hash mismatch");
      observer.onRetransmission(CHANNEL, 10, 11, 1, 300_000_000);
      observer.onChokeChanged(CHANNEL, true, true);
      observer.onChokeChanged(CHANNEL, false, false);
      observer.onDatagramDropped(DropReason.MALFORMED, "truncated channel ID", new InetSocketAddress("::1", 9), 3);
      observer.onPexContact(CHANNEL, new PexContact(PexContact.Kind.PEER_OFFERED, new InetSocketAddress("127.0.0.1", 7802), 0,
          "accepted", true, true));
      observer.onChannelClosed(CHANNEL, CloseReason.REMOTE_CLOSED, "",
          new ChannelTotals(10, 2048, 0, 2, 4, 1_000_000_000L, 0, 4_000_000_000L, new CongestionStats.LossCounters(7, 1, 3, 0)));
      observer.onPeerStopped();
      r.stop();
      r.dump(file);
    }
    Map<String, RecordedEvent> byName =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().startsWith("dev.eddy.ppspp."))
            .collect(Collectors.toMap(e -> e.getEventType().getName(), Function.identity(), (a, b) -> a));

    RecordedEvent opened = byName.get("dev.eddy.ppspp.ChannelOpened");
    assertThat(opened.getLong("localChannel")).isEqualTo(0xdeadbeefL);
    assertThat(opened.getLong("remoteChannel")).isEqualTo(0x0badcafeL);
    assertThat(opened.getString("remoteAddress")).isEqualTo("127.0.0.1:6778");
    assertThat(opened.getString("contentIntegrity")).isEqualTo("merkle (1)");
    assertThat(opened.getString("merkleHashFunction")).startsWith("sha").endsWith("(0)");
    assertThat(opened.getString("chunkAddressing")).isEqualTo("32-bit chunk ranges (2)");
    assertThat(opened.getLong("chunkSize")).isEqualTo(1024);
    assertThat(opened.getDuration("handshakeTime")).isEqualTo(Duration.ofNanos(1_500_000));

    RecordedEvent sent = byName.get("dev.eddy.ppspp.MessageSent");
    assertThat(sent.getString("messageType")).isEqualTo("REQUEST");
    assertThat(sent.getString("swarmId")).isEqualTo("651258d87cf77ea7"); // abbreviated, see SwarmIds
    assertThat(byName.get("dev.eddy.ppspp.ChunkVerified").getString("swarmId")).isEqualTo("651258d87cf77ea7");
    assertThat(byName.get("dev.eddy.ppspp.IntegrityFailure").getString("swarmId")).isEqualTo(SWARM);
    assertThat(sent.getLong("chunkEnd")).isEqualTo(63);
    assertThat(byName.get("dev.eddy.ppspp.MessageReceived").getLong("datagramBytes")).isEqualTo(1100);
    assertThat(byName.get("dev.eddy.ppspp.ChunkVerified").getLong("chunkStart")).isEqualTo(7);
    assertThat(byName.get("dev.eddy.ppspp.IntegrityFailure").getString("detail")).isEqualTo("hash mismatch");
    assertThat(byName.get("dev.eddy.ppspp.Retransmission").getDuration("timeout")).isEqualTo(Duration.ofMillis(300));
    assertThat(byName.get("dev.eddy.ppspp.Choke").getBoolean("byRemote")).isTrue();
    assertThat(byName.get("dev.eddy.ppspp.Unchoke").getBoolean("byRemote")).isFalse();
    RecordedEvent dropped = byName.get("dev.eddy.ppspp.DatagramDropped");
    assertThat(dropped.getString("reason")).isEqualTo("malformed");
    assertThat(dropped.getString("detail")).isEqualTo("truncated channel ID");
    assertThat(dropped.getString("remoteAddress")).isEqualTo("[0:0:0:0:0:0:0:1]:9");
    RecordedEvent closed = byName.get("dev.eddy.ppspp.ChannelClosed");
    assertThat(closed.getString("reason")).isEqualTo("closed by peer");
    assertThat(closed.getLong("chunksReceived")).isEqualTo(2);
    assertThat(closed.getDuration("lifetime")).isEqualTo(Duration.ofSeconds(4));
    assertThat(closed.getLong("retransmittedChunks")).isEqualTo(7);
    assertThat(closed.getLong("spuriousRetransmissions")).isEqualTo(1);
    assertThat(closed.getLong("lossEpisodes")).isEqualTo(3);
    assertThat(closed.getLong("duplicateChunks")).isEqualTo(4);
    assertThat(closed.getDuration("chokedByRemoteTime")).isEqualTo(Duration.ofSeconds(1));
    RecordedEvent pex = byName.get("dev.eddy.ppspp.PexContact");
    assertThat(pex.getString("kind")).isEqualTo("peer offered");
    assertThat(pex.getString("offeredAddress")).isEqualTo("127.0.0.1:7802");
    assertThat(pex.getString("verdict")).isEqualTo("accepted");
    assertThat(pex.getBoolean("tracker")).isTrue();
  }

  @Test
  void consecutiveChunksVerifiedInOneReadBatchBecomeOneEventWithTheirExactRange() throws Exception {
    ChannelRef other = new ChannelRef(0x11111111L, 0x22222222L, new InetSocketAddress("127.0.0.1", 6779), SWARM);
    JfrPeerObserver observer = new JfrPeerObserver();
    Path file = dir.resolve("runs.jfr");
    try (Recording r = new Recording(RecordingProfile.MESSAGES.configuration())) {
      r.start();
      observer.onPeerStarted(PeerStatsSource.EMPTY);
      for (long chunk = 0; chunk < 10; chunk++) {
        observer.onChunkVerified(CHANNEL, chunk, chunk, 1024);
      }
      observer.onReadBatchComplete();
      for (long chunk = 10; chunk < 15; chunk++) {
        observer.onChunkVerified(CHANNEL, chunk, chunk, 1024);
      }
      observer.onChunkVerified(CHANNEL, 20, 20, 1024); // a gap
      observer.onChunkVerified(other, 21, 21, 1024); // another channel
      observer.onChunkVerified(CHANNEL, 21, 21, 1000); // back again: a new run
      observer.onChannelClosed(CHANNEL, CloseReason.LOCAL_CLOSED, "",
          new ChannelTotals(0, 0, 0, 0, 0, 0, 0, 1, new CongestionStats.LossCounters(0, 0, 0, 0))); // the close ends it
      observer.onChunkVerified(other, 22, 22, 1024);
      observer.onReadBatchComplete();
      observer.onPeerStopped();
      r.stop();
      r.dump(file);
    }
    List<String> runs =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals("dev.eddy.ppspp.ChunkVerified"))
            .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime))
            .map(e -> Long.toHexString(e.getLong("localChannel")) + " " + e.getLong("chunkStart") + "-" + e.getLong("chunkEnd")
                + " " + e.getLong("bytes") + (e.getEndTime().isBefore(e.getStartTime()) ? " ends before it starts" : ""))
            .toList();
    assertThat(runs).containsExactly(
        "deadbeef 0-9 10240", "deadbeef 10-14 5120", "deadbeef 20-20 1024", "11111111 21-21 1024", "deadbeef 21-21 1000",
        "11111111 22-22 1024");
  }

  @Test
  void periodicStatisticsSampleThePeerUntilItStops() throws Exception {
    JfrPeerObserver observer = new JfrPeerObserver();
    java.util.concurrent.atomic.AtomicInteger sampled = new java.util.concurrent.atomic.AtomicInteger();
    PeerStatsSource stats = new PeerStatsSource() {
      @Override
      public List<SwarmStats> swarms() {
        sampled.incrementAndGet();
        return List.of(new SwarmStats(SWARM, 1, 512, 1024, 0, 524_288, 0.0, 1_048_576.4, SwarmStats.Counters.NONE));
      }

      @Override
      public List<CongestionStats> channels() {
        return List.of(new CongestionStats(CHANNEL, 30_000, 120, 2_500, 400, 8_192, new CongestionStats.LossCounters(5, 1, 2, 0)));
      }

      @Override
      public List<PeerStats> peers() {
        return List.of(new PeerStats(CHANNEL, new ChannelTotals(0, 524_288, 0, 512, 6, 3_000_000_000L, 0, 5_000_000_000L,
            new CongestionStats.LossCounters(0, 0, 0, 0)), true, false, 1024));
      }
    };
    Path file = dir.resolve("periodic.jfr");
    java.time.Instant stoppedAt;
    observer.onPeerStarted(stats);
    try (Recording r = new Recording()) {
      r.enable("dev.eddy.ppspp.SwarmStatistics").withPeriod(Duration.ofMillis(50));
      r.enable("dev.eddy.ppspp.CongestionState").withPeriod(Duration.ofMillis(50));
      r.enable("dev.eddy.ppspp.PeerStatistics").withPeriod(Duration.ofMillis(50));
      r.start();
      while (sampled.get() < 2) { // JFR's periodic thread runs late on a busy machine: wait for it, not a fixed time
        Thread.sleep(20);
      }
      observer.onPeerStopped();
      stoppedAt = java.time.Instant.now();
      Thread.sleep(150);
      r.stop();
      r.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    RecordedEvent swarm = events.stream().filter(e -> e.getEventType().getName().equals("dev.eddy.ppspp.SwarmStatistics")).findFirst().orElseThrow();
    assertThat(swarm.getDouble("progress")).isEqualTo(0.5);
    assertThat(swarm.getLong("downloadRate")).isEqualTo(1_048_576);
    RecordedEvent congestion = events.stream().filter(e -> e.getEventType().getName().equals("dev.eddy.ppspp.CongestionState")).findFirst().orElseThrow();
    assertThat(congestion.getDuration("baseDelay")).isEqualTo(Duration.ofNanos(120_000));
    assertThat(congestion.getDuration("queuingDelay")).isEqualTo(Duration.ofNanos(2_500_000));
    assertThat(congestion.getDuration("roundTripTime")).isEqualTo(Duration.ofNanos(400_000));
    assertThat(congestion.getString("remoteAddress")).isEqualTo("127.0.0.1:6778");
    RecordedEvent peer = events.stream().filter(e -> e.getEventType().getName().equals("dev.eddy.ppspp.PeerStatistics")).findFirst().orElseThrow();
    assertThat(peer.getString("remoteAddress")).isEqualTo("127.0.0.1:6778");
    assertThat(peer.getLong("bytesReceived")).isEqualTo(524_288);
    assertThat(peer.getLong("duplicateChunks")).isEqualTo(6);
    assertThat(peer.getDuration("chokedByRemoteTime")).isEqualTo(Duration.ofSeconds(3));
    assertThat(peer.getBoolean("chokedByRemote")).isTrue();
    assertThat(peer.getDouble("contentShare")).isEqualTo(0.5);
    assertThat(events)
        .filteredOn(e -> e.getEventType().getName().startsWith("dev.eddy.ppspp."))
        .as("no samples once the peer stopped")
        .allMatch(e -> !e.getStartTime().isAfter(stoppedAt));
  }

  @Test
  void aPeerStoppingBeforeTheFirstPeriodStillRecordsItsFinalState() throws Exception {
    JfrPeerObserver observer = new JfrPeerObserver();
    PeerStatsSource stats = new PeerStatsSource() {
      @Override
      public List<SwarmStats> swarms() {
        return List.of(new SwarmStats(SWARM, 1, 1024, 1024, 0, 1_048_576, 0.0, 0.0, SwarmStats.Counters.NONE));
      }

      @Override
      public List<CongestionStats> channels() {
        return List.of(new CongestionStats(CHANNEL, 30_000, 120, 2_500, 400, 0, new CongestionStats.LossCounters(0, 0, 0, 0)));
      }

      @Override
      public List<PeerStats> peers() {
        return List.of();
      }
    };
    Path file = dir.resolve("final.jfr");
    try (Recording r = new Recording()) {
      r.enable("dev.eddy.ppspp.SwarmStatistics").withPeriod(Duration.ofHours(1));
      r.enable("dev.eddy.ppspp.CongestionState").withPeriod(Duration.ofHours(1));
      r.start();
      observer.onPeerStarted(stats);
      observer.onPeerStopped();
      r.stop();
      r.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.eddy.ppspp.SwarmStatistics"))
        .isNotEmpty()
        .allMatch(e -> e.getDouble("progress") == 1.0);
    assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.eddy.ppspp.CongestionState")).isNotEmpty();
  }

  @Test
  void disabledPerMessageEventsAllocateNothing() {
    JfrPeerObserver observer = new JfrPeerObserver();
    assertThat(observer.observesMessages()).isFalse();
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < 200_000; i++) { // warm up so the JIT has compiled the calls
      callPerMessageHooks(observer, i);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 1_000_000; i++) {
      callPerMessageHooks(observer, i);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).as("bytes allocated by 3 million disabled per-message calls").isLessThan(4_096);
  }

  private static void callPerMessageHooks(JfrPeerObserver observer, int i) {
    observer.onMessageSent(CHANNEL, "DATA", i, i, 1100);
    observer.onMessageReceived(CHANNEL, "ACK", i, i, 30);
    observer.onChunkVerified(CHANNEL, i, i, 1024);
  }
}
