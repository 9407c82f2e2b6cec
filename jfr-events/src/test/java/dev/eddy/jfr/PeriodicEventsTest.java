package dev.eddy.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PeriodicEventsTest {
  // Not Samples.SWARM: on JDK 17 a string that a periodic hook committed just before a recording stopped can
  // read back as null in a recording started right after (JFR's string pool); JDK 25 does not do this.
  private static final String SWARM_ID = "0123456789abcdef0123456789abcdef01234567";
  private static final SwarmSnapshot SWARM = new SwarmSnapshot(SWARM_ID, 2, 300, 1200, 10_000, 307_200, 1_000, 2_000_000);
  private static final CongestionSnapshot CHANNEL =
      new CongestionSnapshot(0x1234L, Samples.PEER, SWARM_ID, 48 * 1024, 20_000, 5_000_000, 300_000, 16 * 1024, 12, 3, 4, 1);

  private static final PeerSnapshot PEER =
      new PeerSnapshot(0x1234L, Samples.PEER, SWARM_ID, 4096, 307_200, 4, 300, 7, 2_000_000_000L, 0, false, true, 0.25);

  @TempDir Path dir;

  @Test
  void hooksEmitOneEventPerSnapshotEachPeriodWhileInstalled() throws Exception {
    AtomicInteger swarmCalls = new AtomicInteger();
    Path file = dir.resolve("periodic.jfr");
    try (PeriodicEvents periodic =
            PeriodicEvents.install(
                () -> {
                  swarmCalls.incrementAndGet();
                  return List.of(SWARM);
                },
                () -> List.of(CHANNEL, CHANNEL),
                () -> List.of(PEER));
        Recording r = new Recording()) {
      r.enable(SwarmStatisticsEvent.class).withPeriod(Duration.ofMillis(50));
      r.enable(CongestionStateEvent.class).withPeriod(Duration.ofMillis(50));
      r.enable(PeerStatisticsEvent.class).withPeriod(Duration.ofMillis(50));
      r.start();
      while (swarmCalls.get() < 3) {
        Thread.sleep(20);
      }
      r.stop();
      r.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    List<RecordedEvent> swarms = ofType(events, "dev.eddy.ppspp.SwarmStatistics");
    List<RecordedEvent> channels = ofType(events, "dev.eddy.ppspp.CongestionState");
    assertThat(swarms).hasSizeGreaterThanOrEqualTo(3);
    assertThat(channels).hasSizeGreaterThanOrEqualTo(2 * 3).hasSize(2 * swarms.size());
    RecordedEvent s = swarms.get(0);
    assertThat(s.getString("swarmId")).isEqualTo(SWARM_ID);
    assertThat(s.getInt("peers")).isEqualTo(2);
    assertThat(s.getDouble("progress")).isEqualTo(0.25);
    assertThat(s.getLong("bytesDownloaded")).isEqualTo(307_200);
    assertThat(s.getLong("downloadRate")).isEqualTo(2_000_000);
    RecordedEvent c = channels.get(0);
    assertThat(c.getLong("localChannel")).isEqualTo(0x1234L);
    assertThat(c.getLong("congestionWindow")).isEqualTo(48 * 1024);
    assertThat(c.getDuration("baseDelay")).isEqualTo(Duration.ofNanos(20_000));
    assertThat(c.getDuration("roundTripTime")).isEqualTo(Duration.ofNanos(300_000));
    List<RecordedEvent> peers = ofType(events, "dev.eddy.ppspp.PeerStatistics");
    assertThat(peers).isNotEmpty();
    RecordedEvent p = peers.get(0);
    assertThat(p.getLong("bytesReceived")).isEqualTo(307_200);
    assertThat(p.getLong("duplicateChunks")).isEqualTo(7);
    assertThat(p.getDuration("chokedByRemoteTime")).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.getBoolean("chokingRemote")).isTrue();
    assertThat(p.getDouble("contentShare")).isEqualTo(0.25);
  }

  @Test
  void closingRemovesTheHooks() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    PeriodicEvents.install(
            () -> {
              calls.incrementAndGet();
              return List.of(SWARM);
            },
            List::of,
            List::of)
        .close();
    try (Recording r = new Recording()) {
      r.enable(SwarmStatisticsEvent.class).withPeriod(Duration.ofMillis(20));
      r.start();
      Thread.sleep(200);
      r.stop();
    }
    assertThat(calls).hasValue(0);
  }

  @Test
  void progressIsZeroWhileTheTotalIsUnknown() {
    assertThat(new SwarmSnapshot("ab", 0, 5, 0, 0, 0, 0, 0).progress()).isZero();
  }

  private static List<RecordedEvent> ofType(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
  }
}
