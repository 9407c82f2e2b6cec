package dev.eddy.dashboards.jmc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.testing.SimulatedTransfer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * JMC's headless HTML rules report, run as a user would with our jar on the class path: our rules are found
 * through META-INF/services and their results appear beside JMC's own. (The text report on a real transfer's
 * recording is in {@code RealTransferIT}.)
 */
@Timeout(120)
class JmcRulesReportIT {
  static final Path JAR = Path.of(System.getProperty("eddy.root"), "dashboards", "target", "eddy-dashboards.jar");
  @TempDir Path dir;

  private String run(String mainClass, String... args) throws Exception {
    Path out = dir.resolve("out.txt");
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", JAR.toString(), mainClass));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(100, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void htmlRulesReportIncludesOurRules() throws Exception {
    Path recording = SimulatedTransfer.record(dir.resolve("lean.jfr"),
        Set.of("dev.eddy.ppspp.MessageSent", "dev.eddy.ppspp.MessageReceived"));

    String html = run("org.openjdk.jmc.flightrecorder.rules.report.html.JfrHtmlRulesReport", recording.toString());

    assertThat(html).contains("<html").contains("PPSPP per-message events")
        .contains("This recording of an Eddy peer has no per-message events.")
        .contains("PPSPP integrity failures");
  }
}
