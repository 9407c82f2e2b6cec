package dev.eddy.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during {@code bin/eddy demo} stops both peers and the demo itself, as a user at a terminal sees it. */
class DemoInterruptIT {
  private static final Path ROOT = Path.of(System.getProperty("eddy.root", "..")).toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void ctrlCStopsEveryProcessTheDemoStarted() throws Exception {
    // setsid gives the demo its own process group, as a terminal would; Ctrl-C signals the whole group. A build
    // run as a background job inherits SIGINT ignored, which setsid keeps: env restores a terminal's default.
    Process demo =
        new ProcessBuilder("env", "--default-signal=INT", "setsid", ROOT.resolve("bin/eddy").toString(), "demo")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    try (ChildOutput output = new ChildOutput(demo)) {
      output.readUntil(line -> line.contains("[4/5]"));
      assertThat(output.seen()).as("demo output before Ctrl-C").contains("[4/5]");
      List<ProcessHandle> started = demo.descendants().toList();
      assertThat(started).as("the downloader and the seeder run").isNotEmpty();

      new ProcessBuilder("kill", "-INT", "--", "-" + demo.pid()).inheritIO().start().waitFor();

      output.readToEnd();
      String seen = output.seen();
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo exits after Ctrl-C:%n%s", seen).isTrue();
      assertThat(demo.exitValue()).as("exit status after Ctrl-C:%n%s", seen).isEqualTo(130);
      assertThat(seen).contains("interrupted");
      for (ProcessHandle child : started) {
        child.onExit().get(30, TimeUnit.SECONDS);
        assertThat(child.isAlive()).as("process %s left running", child.info().commandLine()).isFalse();
      }
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
    assertThat(Files.isDirectory(dir.resolve("eddy-demo"))).as("the demo worked in the current directory").isTrue();
  }
}
