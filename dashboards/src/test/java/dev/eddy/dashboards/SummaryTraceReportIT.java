package dev.eddy.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.cli.DashboardsCommand;
import dev.eddy.dashboards.testing.BrowserPage;
import dev.eddy.dashboards.testing.ChildProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code mode:summary} trace session, loaded with jcmd into a real seeder that records itself, as {@code eddy
 * report} shows it: the traced method's calls (one per DATA message the seeder sent, which its own per-message
 * events count) in the text report, and its calls and latencies per interval as interactive charts.
 */
@Timeout(120)
class SummaryTraceReportIT {
  static final String METHOD = "dev.eddy.peer.channel.ChunkSender.sendData/4";
  private static final Pattern ADDRESS = Pattern.compile("udp (127\\.0\\.0\\.1:\\d+)");
  private static final Pattern SWARM_ID = Pattern.compile("Swarm ID: ([0-9a-f]{40})");

  @TempDir Path dir;
  private int jcmds;

  @Test
  void summariesOfATracedSeederAreCountedAndCharted() throws Exception {
    byte[] bytes = new byte[512 << 10];
    new Random(18).nextBytes(bytes);
    Path content = Files.write(dir.resolve("content.bin"), bytes);
    Path recording = dir.resolve("seed.jfr");
    Path traceLog = dir.resolve("trace.log");
    try (ChildProcess seeder = ChildProcess.java("seed", dir, SwarmReportIT.PEER_JAR, List.of("seed",
        content.toString(), "--listen", "127.0.0.1:0", "--max-upload-rate", "256k", "--record", recording.toString(),
        "--record-settings", "messages"))) {
      seeder.awaitOutput("Listening on", Duration.ofSeconds(30));
      jcmd(seeder, "\"trace:dev.eddy.peer.channel.ChunkSender#sendData,mode:summary,interval:100ms,time:60s,"
          + "sink:jfr;file:" + traceLog + "\"");
      awaitLine(traceLog, "eddy-trace: tracing");
      ChildProcess get = ChildProcess.java("get", dir, SwarmReportIT.PEER_JAR, List.of("get",
          match(SWARM_ID, seeder.output()), "--peer", match(ADDRESS, seeder.output()), "--output",
          dir.resolve("copy.bin").toString(), "--timeout", "60s"));
      assertThat(get.await(Duration.ofSeconds(70))).as(get.output()).isZero();
      assertThat(dir.resolve("copy.bin")).hasSameBinaryContentAs(content);
      // Cleared before the seeder exits, so the last interval is committed while the recording runs.
      jcmd(seeder, "clear");
      awaitLine(traceLog, "eddy-trace: stopped (");
      seeder.stop();
    }

    Path html = dir.resolve("seed.html");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DashboardsCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("report", recording.toString(), "--html", html.toString());
    assertThat(exit).as(err.toString()).isZero();
    String report = out.toString();

    Matcher dataSent = Pattern.compile("  sent: [^\n]*\\bDATA (\\d+)").matcher(report);
    assertThat(dataSent.find()).as(report).isTrue();
    Matcher row = Pattern.compile("      " + Pattern.quote(METHOD) + " +(\\d+) +0 +(\\d+) +([0-9.]+ [nµm]?s) +"
        + "([0-9.]+ [nµm]?s) +([0-9.]+ [nµm]?s) +[▁▂▃▄▅▆▇█]+").matcher(report);
    assertThat(row.find()).as(report).isTrue();
    assertThat(Long.parseLong(row.group(1))).as("calls: one per DATA message sent").isEqualTo(
        Long.parseLong(dataSent.group(1)));
    assertThat(Integer.parseInt(row.group(2))).as("intervals of 100 ms in a transfer of about 2 s").isGreaterThan(5);
    assertThat(report).contains("summaries (mode:summary)").doesNotContain("- traced calls: no");

    try (BrowserPage browser = BrowserPage.open(html, dir, 1300, 1000)) {
      assertThat(browser.evaluate("document.getElementById('script-errors').textContent")).isEmpty();
      assertThat(browser.evaluate("Array.from(document.querySelectorAll('.timecharts .u-title'))"
          + ".map(t => t.textContent).join(' / ')"))
          .contains("Calls per interval (calls) / P50 latency and p99 latency and max latency (ns)");
      assertThat(browser.evaluate("Array.from(document.querySelectorAll('.timecharts .u-legend .u-label'))"
          + ".map(l => l.textContent).join(' / ')")).contains(METHOD + " calls per interval")
          .contains(METHOD + " p99 latency");
      assertThat(Arrays.stream(browser.paintedPixels(".timecharts")).min().orElseThrow()).isGreaterThan(500);
      assertThat(browser.evaluate("document.querySelector('.traced').textContent")).contains(METHOD);
    }
  }

  /** {@code jcmd PID JVMTI.agent_load eddy-agent.jar OPTIONS}, as a user loads the agent. */
  private void jcmd(ChildProcess target, String options) throws Exception {
    ChildProcess jcmd = ChildProcess.start("jcmd-" + ++jcmds, dir, List.of(
        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(target.pid()),
        "JVMTI.agent_load", RealTransferIT.AGENT_JAR.toString(), options));
    assertThat(jcmd.await(Duration.ofSeconds(60))).as(jcmd.output()).isZero();
    assertThat(jcmd.output()).contains("return code: 0");
  }

  private static void awaitLine(Path file, String text) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!Files.exists(file) || !Files.readString(file).contains(text)) {
      assertThat(Instant.now()).as("'%s' in %s", text, file).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static String match(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in:%n%s", p, text).isTrue();
    return m.group(1);
  }
}
