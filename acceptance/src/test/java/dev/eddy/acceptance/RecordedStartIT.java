package dev.eddy.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/eddy … --record} starts the peer with its jar as a Java agent allowed to retransform classes, so
 * that JDK 17's flight recorder, retransforming classes as it starts, makes the JVM throw away only the
 * compiled methods that depend on them, not every compiled method (BENCHMARKS.md, issue 19). HotSpot's own
 * log of the retransformation says which of the two it did.
 */
class RecordedStartIT {
  private static final Path ROOT = Path.of(System.getProperty("eddy.root", "..")).toAbsolutePath().normalize();

  @Test
  void startingTheRecorderDeoptimisesOnlyWhatDependsOnTheClassesItChanges(@TempDir Path dir) throws Exception {
    Path recording = dir.resolve("get.jfr");
    // No peer answers on the discard port: the download times out after a second, the recording is written.
    ProcessBuilder eddy = new ProcessBuilder(ROOT.resolve("bin/eddy").toString(), "get", "ab".repeat(20),
        "--peer", "127.0.0.1:9", "--output", dir.resolve("out.bin").toString(), "--timeout", "1s",
        "--record", recording.toString()).redirectErrorStream(true);
    eddy.environment().put("EDDY_JAVA_OPTS", "-Xlog:redefine+class+nmethod=debug:stdout");
    Process process = eddy.start();
    try (ChildOutput output = new ChildOutput(process)) {
      output.readToEnd();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(output.seen()).contains("recording to " + recording)
          .contains("dependent nmethods for deopt")
          .doesNotContain("Marked all nmethods for deopt");
      assertThat(Files.size(recording)).isPositive();
    } finally {
      process.destroyForcibly();
    }
  }
}
