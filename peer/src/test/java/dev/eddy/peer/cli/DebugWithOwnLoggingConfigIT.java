package dev.eddy.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.PropertyDefinerBase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eddy seed --debug} with a Logback configuration file of the user's own, whose reading is held up until the
 * command has reached the point where {@code --debug} sets the level ({@link HeldUntilDebugIsApplied}): while Logback
 * initialises on the start-up thread, SLF4J hands other threads stand-in loggers, and a command that took one for
 * a Logback logger failed with a ClassCastException. The window is a fraction of a second in a real start-up; held
 * open here, a command that does not wait for logging fails every time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DebugWithOwnLoggingConfigIT {
  @TempDir Path dir;

  @Test
  void debugLevelAppliesWhileLoggingIsStillStarting() throws Exception {
    Path content = dir.resolve("content.bin");
    byte[] bytes = new byte[64 << 10];
    new Random(3).nextBytes(bytes);
    Files.write(content, bytes);
    Path config = dir.resolve("logback.xml");
    Files.writeString(config, String.join("\n",
        "<configuration>",
        "  <define name=\"held\" class=\"" + HeldUntilDebugIsApplied.class.getName() + "\"/>",
        "  <appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\"><target>System.err</target>",
        "    <encoder><pattern>%level %logger %msg%n</pattern></encoder></appender>",
        "  <root level=\"WARN\"><appender-ref ref=\"E\"/></root>",
        "</configuration>", ""));
    // The shaded jar as bin/eddy runs it, with this test's classes for the property definer.
    String classPath = jar() + File.pathSeparator
        + Path.of(HeldUntilDebugIsApplied.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path err = dir.resolve("seed.err");
    Process seed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-Dlogback.configurationFile=" + config, "-cp", classPath, EddyCommand.class.getName(),
        "seed", content.toString(), "--listen", "127.0.0.1:0", "--debug")
        .redirectOutput(dir.resolve("seed.out").toFile()).redirectError(err.toFile()).start();
    try {
      // The once-a-second swarm line is logged at DEBUG, under the configuration's WARN: only --debug shows it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
      while (!Files.readString(err).contains("DEBUG dev.eddy.peer.stats swarm ") && seed.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      String log = Files.readString(err);
      assertThat(log).as("the seeder's log").doesNotContain("internal error").contains("DEBUG dev.eddy.peer.stats swarm ");
    } finally {
      seed.destroy();
      if (!seed.waitFor(10, TimeUnit.SECONDS)) {
        seed.destroyForcibly();
      }
    }
  }

  private static Path jar() {
    return Path.of(System.getProperty("eddy.root", "..")).resolve("peer/target/eddy-peer.jar").toAbsolutePath();
  }

  /**
   * A Logback property whose value comes only once the command's main thread is in {@link PeerOptions#validate},
   * where {@code --debug} is applied (or after 10 s): Logback's initialisation, and with it SLF4J's, waits for it.
   */
  public static final class HeldUntilDebugIsApplied extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && !mainIsIn(PeerOptions.class.getName(), "validate")) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return "";
    }

    private static boolean mainIsIn(String className, String method) {
      for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
        if (e.getKey().getName().equals("main")) {
          return Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(className) && f.getMethodName().equals(method));
        }
      }
      return false;
    }
  }
}
