package dev.eddy.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/eddy seed} on JDK 25: the seeder binds its native epoll socket and says nothing but its own lines
 * (JDK 22 and later warn when a jar loads a native library without {@code Enable-Native-Access}).
 */
class Jdk25PeerIT {
  private static final Path ROOT = Path.of(System.getProperty("eddy.root", "..")).toAbsolutePath().normalize();
  private static final Path JDK25 = Path.of(System.getProperty("eddy.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

  @TempDir Path dir;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void seedsOnJdk25WithoutWarnings() throws Exception {
    assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")), "no JDK 25 at " + JDK25);
    Path content = Files.write(dir.resolve("content.bin"), new byte[64 << 10]);
    ProcessBuilder seed =
        new ProcessBuilder(ROOT.resolve("bin/eddy").toString(), "seed", content.toString(), "--listen", "127.0.0.1:0")
            .redirectErrorStream(true);
    seed.environment().put("JAVA_HOME", JDK25.toString());
    Process process = seed.start();
    String output;
    try (ChildOutput lines = new ChildOutput(process)) {
      lines.readUntil(line -> line.startsWith("Listening on"));
      output = lines.seen();
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    assertThat(output).as("seeder output").contains("Listening on udp 127.0.0.1:").contains("(epoll)");
    assertThat(output).as("seeder output").doesNotContain("WARNING");
  }
}
