package dev.eddy.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.jfr.LiveLagEvent;
import dev.eddy.jfr.PpsppEvents;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A live leecher's lag samples (one a second, as {@code eddy get --live} records them) become the swarm's lag over time. */
class ReportLiveLagTest {
  private static final String LIVE_SWARM = "0d" + "ab".repeat(64); // ECDSA P-256: algorithm 13, then X and Y

  @TempDir Path dir;

  @Test
  void showsLiveLagOverTime() throws Exception {
    Path file = dir.resolve("live.jfr");
    PpsppEvents.register();
    try (Recording recording = new Recording()) {
      recording.enable("dev.eddy.ppspp.LiveLag").withThreshold(Duration.ZERO).withoutStackTrace();
      recording.start();
      long[] lagChunks = {40, 12, 3, 64};
      for (long lag : lagChunks) {
        LiveLagEvent e = new LiveLagEvent();
        e.swarmId = LIVE_SWARM;
        e.newestChunk = 1000;
        e.nextChunk = 1001 - lag;
        e.lagChunks = lag;
        e.lagBytes = lag * 1024;
        e.commit();
        Thread.sleep(20);
      }
      recording.stop();
      recording.dump(file);
    }

    ReportCommandTest.Run run = ReportCommandTest.run("report", file.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Swarm " + LIVE_SWARM);
    assertThat(run.out()).contains("live lag    peak 64.0 KiB, mean 29.8 KiB, last 64.0 KiB  ▅▂▁█");
  }
}
