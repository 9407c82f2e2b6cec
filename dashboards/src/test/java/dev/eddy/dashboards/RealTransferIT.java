package dev.eddy.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.testing.ChildProcess;
import dev.eddy.dashboards.testing.ExternalTool;
import dev.eddy.dashboards.testing.HeadlessChromium;
import dev.eddy.dashboards.wireshark.DecoderViews;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real transfer between two Eddy peers on loopback, captured with dumpcap, recorded on both sides with
 * {@code --record}, the seeder traced by the agent (jcmd, {@code sink:jfr}); then everything this module offers
 * is run on it as a user would: the dissector (agreeing with {@code eddy inspect}), {@code eddy report} in text
 * and HTML (rendered by headless Chromium), and JMC's rules report with our rules.
 */
@Timeout(180)
class RealTransferIT {
  static final Path ROOT = Path.of(System.getProperty("eddy.root"));
  static final Path PEER_JAR = ROOT.resolve("peer/target/eddy-peer.jar");
  static final Path DASHBOARDS_JAR = ROOT.resolve("dashboards/target/eddy-dashboards.jar");
  static final Path AGENT_JAR = ROOT.resolve("agent/target/eddy-agent.jar");
  static final Path CONTENT = Path.of(System.getProperty("eddy.vectors"), "libswift-100k.content.bin");
  static final String SWARM = "651258d87cf77ea7b3e5dd7833df8c70a306f1df";

  @TempDir static Path dir;
  static int port;
  private static final List<String> NO_GSO = List.of("-Deddy.transport.gso=false");
  static Path capture;
  static Path seederRecording;
  static Path leecherRecording;

  @BeforeAll
  static void transfer() throws Exception {
    Path dumpcap = ExternalTool.require("dumpcap");
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    capture = dir.resolve("transfer.pcapng");
    seederRecording = dir.resolve("seed.jfr");
    leecherRecording = dir.resolve("get.jfr");
    try (ChildProcess capturing = ChildProcess.start("dumpcap", dir, List.of(dumpcap.toString(), "-i", "lo", "-f",
            "udp port " + port, "-w", capture.toString()));
        // Segmentation offload off: the capture is taken on the sending host, see the README's capture notes.
        ChildProcess seeder = ChildProcess.java("seeder", dir, NO_GSO, PEER_JAR, List.of("seed", CONTENT.toString(),
            "--listen", "127.0.0.1:" + port, "--record", seederRecording.toString()))) {
      capturing.awaitOutput("Capturing on", Duration.ofSeconds(20));
      seeder.awaitOutput("Listening on", Duration.ofSeconds(30));
      // The tracing agent, loaded as a user would with jcmd, reports the seeder's channel calls into its recording.
      // The spec is wrapped in double quotes: jcmd would cut an unquoted key=value token (see the design notes).
      // The load is synchronous: when jcmd returns, the instrumentation is in place. The session ends at its
      // limit or with the seeder, not after a time that a slow leecher start on a loaded machine could outlast
      // (an idle seeder makes no channel calls: a session over before the leecher came traces nothing). jcmd
      // gives the JVM 10 s to answer the attach by default; at load 30 attach and load took 17 s here.
      ChildProcess jcmd = ChildProcess.start("jcmd", dir, List.of(
          Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), "-J-Dsun.tools.attach.attachTimeout=60000",
          String.valueOf(seeder.pid()), "JVMTI.agent_load", AGENT_JAR.toString(),
          "\"trace:dev.eddy.peer.channel.**,limit:500,time:10m,return,sink:jfr\""));
      assertThat(jcmd.await(Duration.ofSeconds(90))).as(jcmd.output()).isZero();
      // jcmd exits with 0 even when the agent refused the load: the JVM's answer says whether it did.
      assertThat(jcmd.output()).as("seeder: %s", seeder.output()).contains("return code: 0");
      // The seeder's channel classes are instrumented on its event loop as they load, at the first handshake: on a
      // loaded machine that took longer than the leecher's default 4 s of handshake retries.
      ChildProcess leecher = ChildProcess.java("leecher", dir, NO_GSO, PEER_JAR, List.of("get", SWARM, "--peer",
          "127.0.0.1:" + port, "--output", dir.resolve("content.bin").toString(), "--timeout", "60s",
          "--connect-timeout", "30s", "--record", leecherRecording.toString(), "--record-settings", "messages"));
      assertThat(leecher.await(Duration.ofSeconds(90))).as(leecher.output()).isZero();
      seeder.stop();
      Thread.sleep(300); // let the last datagrams reach the capture buffer
      capturing.stop();
    }
    assertThat(dir.resolve("content.bin")).hasSameBinaryContentAs(CONTENT);
    assertThat(capture).isNotEmptyFile();
    assertThat(seederRecording).isNotEmptyFile();
    assertThat(leecherRecording).isNotEmptyFile();
  }

  private static String run(String name, List<String> args) throws Exception {
    ChildProcess p = ChildProcess.java(name, dir, DASHBOARDS_JAR, args);
    assertThat(p.await(Duration.ofSeconds(90))).as(p.output()).isZero();
    return p.output();
  }

  private static long count(String line, String type) {
    Matcher m = Pattern.compile("\\b" + type + " (\\d+)").matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static String line(String text, String containing) {
    return Arrays.stream(text.split("\n")).filter(l -> l.contains(containing)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with " + containing + " in:\n" + text));
  }

  @Test
  void dissectorAndInspectAgreeOnTheCapturedTransfer() throws Exception {
    int frames = DecoderViews.messageCounts(capture, port).frames();
    assertThat(frames).isGreaterThan(100);
    DecoderViews.assertAgree(capture, port, dir, frames);
  }

  @Test
  void reportOfTheLeecherMatchesTheCapture() throws Exception {
    String report = run("report-get", List.of("report", leecherRecording.toString(), "--html",
        dir.resolve("get.html").toString()));

    assertThat(report).contains("Swarm " + SWARM).contains("Peers").contains("127.0.0.1:" + port)
        .doesNotContain("messages by type per peer: no");
    String received = line(report, "  recv: ");
    String sent = line(report, "127.0.0.1:" + port + "  sent: ");
    // The leecher's own record of the messages agrees with the wire.
    DecoderViews.Counts wire = DecoderViews.messageCounts(capture, port);
    assertThat(count(received, "DATA")).isEqualTo(wire.fromPort().get("DATA"));
    assertThat(count(received, "INTEGRITY")).isEqualTo(wire.fromPort().get("INTEGRITY"));
    assertThat(count(sent, "ACK")).isEqualTo(wire.toPort().get("ACK"));
    assertThat(count(received, "DATA")).isGreaterThanOrEqualTo(100);
    // Per-peer statistics: the one seeder gave the whole content (its channel's totals at the close).
    String swarmPeers = report.substring(report.indexOf("Swarm peers (per-peer statistics)"));
    assertThat(line(swarmPeers, "127.0.0.1:" + port)).containsSubsequence("100.0 KiB", "0 B").contains("100.0 %");

    String dom = new HeadlessChromium(dir).dumpDom(dir.resolve("get.html"));
    Matcher status = Pattern.compile("data-charts=\"(\\d+)\" data-points=\"(\\d+)\"").matcher(dom);
    assertThat(status.find()).isTrue();
    assertThat(Integer.parseInt(status.group(1))).isGreaterThanOrEqualTo(2);
    assertThat(Integer.parseInt(status.group(2))).as("points on the time charts").isPositive();
    assertThat(dom).contains("<ul id=\"script-errors\" hidden=\"\"></ul>");
  }

  @Test
  void reportOfTheSeederShowsWhatItServed() throws Exception {
    String report = run("report-seed", List.of("report", seederRecording.toString()));

    assertThat(report).contains("Swarm " + SWARM).contains("Peers").contains("Dropped datagrams")
        .contains("- messages by type per peer: no dev.eddy.ppspp.MessageSent");
    // The 100 KiB content, plus any chunk a probe sent again (a loaded machine delays ACKs past the probe timeout).
    Matcher uploaded = Pattern.compile("(\\d+\\.\\d) KiB uploaded").matcher(line(report, "  payload "));
    assertThat(uploaded.find()).isTrue();
    assertThat(Double.parseDouble(uploaded.group(1))).isBetween(100.0, 125.0);
    // Calls the agent traced while the seeder served, ranked by count and by time.
    assertThat(report).contains("Traced calls (tracing agent)").doesNotContain("- traced calls: no");
    assertThat(line(report, "      dev.eddy.peer.channel.")).containsPattern("dev\\.eddy\\.peer\\.channel\\.\\w+\\.\\w+ +\\d+ ");
  }

  @Test
  void jmcRulesReportRunsOurRulesOnTheRecording() throws Exception {
    ChildProcess p = ChildProcess.start("rules", dir, List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", DASHBOARDS_JAR.toString(),
        "org.openjdk.jmc.flightrecorder.rules.report.JfrRulesReport", "-format", "text",
        leecherRecording.toString()));
    assertThat(p.await(Duration.ofSeconds(90))).as(p.output()).isZero();

    assertThat(p.output()).contains("Rule: PPSPP retransmission rate").contains("Rule: PPSPP integrity failures")
        .contains("Every received chunk passed integrity verification.")
        .contains("Rule: PPSPP per-message events").contains("Per-message events are recorded.")
        .contains("Rule: PPSPP failed handshakes").contains("no handshake failed.")
        .contains("Rule: PPSPP peers that never unchoke us").contains("Rule: PPSPP link with outlying loss")
        .contains("Rule: PPSPP peers sending duplicate chunks");
  }
}
