package dev.eddy.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.testing.SimulatedTransfer;
import dev.eddy.jfr.ChunkVerifiedEvent;
import dev.eddy.jfr.PpsppEvents;
import dev.eddy.jfr.SwarmIds;
import dev.eddy.jfr.SwarmStatisticsEvent;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A periodic statistics sample reads the swarm a moment before its event is stamped, so chunks verified in
 * between are neither in the sample nor after it. The verified chunks themselves, when recorded, are the
 * exact count: a finished download must not be reported as 94% done.
 */
class ReportProgressTest {
  @TempDir Path dir;

  @Test
  void verifiedChunksCountWhenTheLastSampleLagsBehindThem() throws Exception {
    Path file = dir.resolve("lagging.jfr");
    PpsppEvents.register();
    try (Recording recording = new Recording()) {
      recording.enable("dev.eddy.ppspp.ChunkVerified").withThreshold(Duration.ZERO).withoutStackTrace();
      recording.enable("dev.eddy.ppspp.SwarmStatistics").withoutStackTrace();
      recording.start();
      for (long run = 0; run < 100; run += 10) { // as a peer reports them: a run of chunks per event
        ChunkVerifiedEvent verified = new ChunkVerifiedEvent();
        verified.localChannel = SimulatedTransfer.CHANNEL_A;
        verified.remoteAddress = SimulatedTransfer.SEEDER_A;
        verified.swarmId = SwarmIds.abbreviate(SimulatedTransfer.SWARM);
        verified.chunkStart = run;
        verified.chunkEnd = run + 9;
        verified.bytes = 10L * SimulatedTransfer.CHUNK;
        verified.commit();
      }
      SwarmStatisticsEvent sample = new SwarmStatisticsEvent(); // read before the last six chunks verified
      sample.swarmId = SimulatedTransfer.SWARM;
      sample.peers = 1;
      sample.chunksHeld = 94;
      sample.chunksTotal = 100;
      sample.progress = 0.94;
      sample.bytesDownloaded = 94L * SimulatedTransfer.CHUNK;
      sample.commit();
      recording.stop();
      recording.dump(file);
    }

    ReportCommandTest.Run run = ReportCommandTest.run("report", file.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("progress    100.0 % (100 of 100 chunks)");
  }
}
