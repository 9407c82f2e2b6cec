package dev.eddy.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The build leaves class-data sharing archives beside the peer jar and {@code bin/eddy} starts the peer with
 * them: {@code -Xshare:on} makes the JVM fail instead of quietly starting without an archive it cannot use.
 */
class ClassArchivesIT {
  private static final Path ROOT = Path.of(System.getProperty("eddy.root", "..")).toAbsolutePath().normalize();

  @ParameterizedTest
  @ValueSource(strings = {"seed", "get"})
  void bothRolesStartFromTheirArchive(String command) throws Exception {
    ProcessBuilder eddy = new ProcessBuilder(ROOT.resolve("bin/eddy").toString(), command, "--help").redirectErrorStream(true);
    eddy.environment().put("EDDY_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:stdout");
    Process process = eddy.start();
    String output = readAll(process.getInputStream());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(tail(output)).isZero();
    assertThat(output).contains("dev.eddy.peer.cli.EddyCommand source: shared objects file");
    // picocli's classes are compiled for Java 5: only a static archive holds them on JDK 17
    assertThat(output).contains("picocli.CommandLine source: shared objects file");
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String tail(String output) {
    return output.substring(Math.max(0, output.length() - 2000));
  }
}
