package dev.eddy.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM stopped the way Ctrl-C stops it (a signal, shutdown hooks) still leaves a readable recording. */
class FlightRecordingIT {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void recordingIsWrittenWhenTheJvmIsStoppedBySignal() throws Exception {
    Path file = dir.resolve("killed.jfr");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RecordUntilKilled.class.getName(), file.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("recording");
      child.destroy(); // SIGTERM: the same shutdown path as SIGINT from Ctrl-C
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    List<String> names = RecordingFile.readAllEvents(file).stream().map(e -> e.getEventType().getName()).toList();
    assertThat(names).contains("dev.eddy.ppspp.MessageSent", "dev.eddy.ppspp.ChannelOpened", "jdk.JVMInformation");
  }
}
