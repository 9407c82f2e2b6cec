package dev.eddy.dashboards.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.cli.DashboardsCommand;
import dev.eddy.dashboards.testing.SimulatedSwarm;
import dev.eddy.dashboards.testing.SimulatedTransfer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eddy report} as a user runs it, on real recordings of a simulated transfer. */
class ReportCommandTest {
  @TempDir static Path dir;
  static Path full;
  static Path withoutMessagesOrStatistics;

  @BeforeAll
  static void record() throws Exception {
    full = SimulatedTransfer.record(dir.resolve("full.jfr"), Set.of());
    withoutMessagesOrStatistics = SimulatedTransfer.record(dir.resolve("lean.jfr"), Set.of(
        "dev.eddy.ppspp.MessageSent", "dev.eddy.ppspp.MessageReceived", "dev.eddy.ppspp.SwarmStatistics",
        "dev.eddy.ppspp.CongestionState", "dev.eddy.ppspp.PeerStatistics", "dev.eddy.trace.MethodCall"));
  }

  record Run(int exit, String out, String err) {
    /** The output from the section titled {@code title} to the next blank line. */
    String section(String title) {
      int at = out.indexOf(title);
      assertThat(at).as("no section %s in:\n%s", title, out).isNotNegative();
      int end = out.indexOf("\n\n", at);
      return out.substring(at, end < 0 ? out.length() : end);
    }

    /** The first line of the recording's own report (after what limited each transfer) that holds {@code containing}. */
    String line(String containing) {
      return Arrays.stream(out.substring(out.indexOf("\nRecording  ")).split("\n"))
          .filter(l -> l.contains(containing)).findFirst()
          .orElseThrow(() -> new AssertionError("no line with " + containing + " in:\n" + out));
    }
  }

  static String lineOf(String text, String containing) {
    return Arrays.stream(text.split("\n")).filter(l -> l.contains(containing)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with " + containing + " in:\n" + text));
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DashboardsCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void summarisesSpanSwarmProgressAndThroughput() {
    Run run = run("report", full.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    // First what limited the download: the simulated seeder B sent a chunk that failed verification.
    assertThat(run.out()).startsWith("What limited each transfer\n  - full downloading 651258d8…a306f1df: "
        + "integrity failures from 127.0.0.1:26002\n");
    assertThat(run.line("Span")).matches("Span +\\d{4}-\\d\\d-\\d\\d .* → .* UTC \\(\\d+\\.\\d ms\\)");
    assertThat(run.out()).contains("Swarm " + SimulatedTransfer.SWARM)
        .contains("progress    100.0 % (100 of 100 chunks)")
        // 13 DATA chunks went out to seeder B (3 of them retransmissions): more than the last periodic sample.
        .contains("payload     100.0 KiB downloaded, 13.0 KiB uploaded")
        .contains("(throughput from verified chunks and periodic statistics)");
    assertThat(run.line("  download ")).containsPattern("peak [0-9.]+ (KiB|MiB)/s, mean [0-9.]+ (KiB|MiB)/s");
    assertThat(run.line("  upload ")).contains("peak 64.0 KiB/s, mean 64.0 KiB/s, last 64.0 KiB/s");
    assertThat(run.out()).doesNotContain("Not in this recording");
  }

  @Test
  void reportsEachPeer() {
    Run run = run("report", full.toString());

    assertThat(run.line("127.0.0.1:26002  55")).containsSubsequence(
        "55", "81", "13.0 KiB", "40.0 KiB", "5.0 ms", "23.1 %", "20.0 %", "1");
    assertThat(run.line("127.0.0.1:26000  62")).containsSubsequence("62", "122", "0 B", "60.0 KiB", "2.0 ms", "-",
        "-", "0", "0 ns", "0 ns");
    assertThat(run.line("127.0.0.1:26002  sent:")).contains("ACK 40, DATA 13, HANDSHAKE 1, REQUEST 1");
    assertThat(run.out()).contains("127.0.0.1:26000  channels closed: closed by peer");
  }

  @Test
  void reportsEachPeersPartInTheSwarm() throws Exception {
    Run run = run("report", SimulatedSwarm.record(dir.resolve("swarm.jfr")).toString());

    assertThat(run.exit()).as(run.err()).isZero();
    String table = run.section("Swarm peers (per-peer statistics)");
    // chunks in, chunks out, bytes in, bytes out, duplicates, share of the 200 chunks
    assertThat(lineOf(table, SimulatedSwarm.DUPLICATES)).containsSubsequence("100", "0", "100.0 KiB", "0 B", "40", "50.0 %");
    assertThat(lineOf(table, SimulatedSwarm.NEVER_UNCHOKES)).contains(SimulatedSwarm.NEVER_UNCHOKES + " (tracker)")
        .containsSubsequence("0", "0", "0.0 %", "30.0 ms", "0 ns");
    assertThat(lineOf(table, SimulatedSwarm.CLOSED)).containsSubsequence("0", "200", "0 B", "200.0 KiB", "0", "0.0 %");
    assertThat(run.out()).doesNotContain("per-peer swarm statistics");
  }

  @Test
  void perPeerRowsOnlyFromWhatWasRecorded() {
    Run run = run("report", withoutMessagesOrStatistics.toString());

    // The closed channel's totals are exact; the open one without periodic samples gets no row of zeros.
    String table = run.section("Swarm peers (per-peer statistics)");
    assertThat(lineOf(table, SimulatedTransfer.SEEDER_A)).containsSubsequence("60", "0", "60.0 KiB", "0 B", "0");
    assertThat(table).doesNotContain(SimulatedTransfer.SEEDER_B);
    assertThat(run.section("Not in this recording"))
        .contains("per-peer swarm statistics (chunks each way, duplicates, choke time, content share)");
  }

  @Test
  void reportsDropsCongestionAndTracedCalls() {
    Run run = run("report", full.toString());

    assertThat(run.line("  malformed ")).containsSubsequence("3", "40 B", "truncated HAVE at offset 9");
    assertThat(run.line("  unknown channel ")).containsSubsequence("2", "80 B");
    assertThat(run.out()).contains("127.0.0.1:26002 channel 7a11ce55");
    assertThat(run.line("window ")).contains("peak 44.0 KiB");
    assertThat(run.line("queuing delay ")).contains("peak 4.5 ms");
    assertThat(run.line("Channel.onDatagram")).containsSubsequence("10", "ms", "ms", "0");
    assertThat(run.line("ChunkStore.write")).containsSubsequence("1", "ms", "ms", "1");
  }

  @Test
  void saysWhatIsMissingAndHowToRecordIt() {
    Run run = run("report", withoutMessagesOrStatistics.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("progress    unknown (no periodic swarm statistics); 100 chunks verified")
        .contains("(throughput from verified chunks)")
        .contains("Not in this recording")
        .contains("- messages by type per peer: no dev.eddy.ppspp.MessageSent / dev.eddy.ppspp.MessageReceived events")
        .contains("record with --record FILE.jfr --record-settings messages")
        .contains("- swarm progress and throughput over time: no dev.eddy.ppspp.SwarmStatistics events")
        .contains("- congestion window and queuing delay over time: no dev.eddy.ppspp.CongestionState events")
        .contains("- traced calls: no dev.eddy.trace.MethodCall / dev.eddy.trace.MethodSummary events")
        .contains("sink:jfr");
    // What the lean recording has is still reported.
    assertThat(run.line("127.0.0.1:26002")).contains("5.0 ms");
  }

  @Test
  void recordingsThatBelongToNoOtherStillContributeAndTheReportSaysWhatIsMissing() throws Exception {
    Path html = dir.resolve("two.html");
    Run run = run("report", full.toString(), withoutMessagesOrStatistics.toString(), "--html", html.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    // Each recording's download is diagnosed; neither has the other side of its channels.
    assertThat(run.out()).contains("  - full downloading 651258d8…a306f1df: integrity failures from 127.0.0.1:26002")
        .contains("  - lean downloading 651258d8…a306f1df: integrity failures from 127.0.0.1:26002")
        .containsPattern("lean +\\S*lean\\.jfr +- +not recorded")
        .contains("the other side of the channels to 127.0.0.1:26000 (seen by full)")
        .contains("no recording given belongs to it")
        .contains("one-way delay, loss, reordering and clock offsets on the links of lean (no per-message events)")
        .contains("record every peer with --record FILE.jfr --record-settings messages")
        .contains("lean         unknown  (no message recorded on both sides");
    // The seeders' links, seen from the receiving side only: no sender, so no loss figures and no zeros.
    assertThat(run.out()).containsPattern("127\\.0\\.0\\.1:26000 → full +60\\.0 KiB +not recorded +not recorded");
    // Then each recording's own report.
    assertThat(run.out()).contains("Recording  " + full).contains("Recording  " + withoutMessagesOrStatistics);
    // The page carries the joined view for its charts, absent measurements as null (never 0).
    assertThat(Files.readString(html)).contains("id=\"swarm-section\"")
        .contains("\"causes\":[{\"transfer\":\"full downloading 651258d8…a306f1df\",\"kind\":\"INTEGRITY_FAILURES\"")
        .contains("\"delivery\":null");
  }

  @Test
  void saysSoWhenARecordingHasNoEddyEvents() throws Exception {
    Path jdkOnly = dir.resolve("jdk-only.jfr");
    try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
      recording.enable("jdk.ThreadSleep").withThreshold(java.time.Duration.ZERO);
      recording.start();
      Thread.sleep(5);
      recording.stop();
      recording.dump(jdkOnly);
    }

    Run run = run("report", jdkOnly.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("- Eddy PPSPP events (swarms, peers, drops, congestion): no dev.eddy.ppspp.")
        .contains("-XX:StartFlightRecording:settings=default,settings=ppspp.jfc");
  }

  @Test
  void writesASelfContainedHtmlPage() throws Exception {
    Path html = dir.resolve("report.html");
    Run run = run("report", full.toString(), "--html", html.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).endsWith("HTML report: " + html + "\n");
    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("default-src 'none'")
        .doesNotContain(" src=").doesNotContain(" href=").doesNotContain("{{")
        .contains(SimulatedTransfer.SWARM);
    // The only addresses: the SVG namespace and uPlot's home in its license notice, neither ever fetched.
    assertThat(page.replace("http://www.w3.org/2000/svg", "").replace("https://github.com/leeoniya/uPlot", ""))
        .doesNotContain("http://").doesNotContain("https://");
    assertThat(page).contains("The MIT License").contains("Copyright (c) 2022 Leon Sorokin");
    assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
  }

  @Test
  void userErrorsAreOneLineWithoutStackTraces() throws Exception {
    Run missing = run("report", dir.resolve("nope.jfr").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("eddy report: " + dir.resolve("nope.jfr") + ": no such file\n");

    Run directory = run("report", dir.toString());
    assertThat(directory.exit()).isEqualTo(1);
    assertThat(directory.err()).isEqualTo("eddy report: " + dir + ": is a directory, not a recording\n");

    Path notARecording = Path.of(System.getProperty("eddy.vectors"), "libswift-100k.pcap");
    Run wrongFormat = run("report", notARecording.toString());
    assertThat(wrongFormat.exit()).isEqualTo(1);
    assertThat(wrongFormat.err()).startsWith("eddy report: " + notARecording + ": not a readable flight recording")
        .hasLineCount(1);

    Run oneBadOfSeveral = run("report", full.toString(), notARecording.toString(),
        withoutMessagesOrStatistics.toString());
    assertThat(oneBadOfSeveral.exit()).as("several recordings: the bad one is named").isEqualTo(1);
    assertThat(oneBadOfSeveral.err()).startsWith("eddy report: " + notARecording + ": not a readable flight recording")
        .hasLineCount(1);

    Run badTop = run("report", full.toString(), "--top", "0");
    assertThat(badTop.exit()).isEqualTo(2);
    assertThat(badTop.err()).contains("--top must be at least 1, got 0");

    Run badHtml = run("report", full.toString(), "--html", dir.resolve("no/such/dir/r.html").toString());
    assertThat(badHtml.exit()).isEqualTo(1);
    assertThat(badHtml.err()).contains("not a file in an existing directory").hasLineCount(1);
  }

  @Test
  void helpShowsAnExample() {
    Run help = run("report", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: eddy report").contains("Examples:")
        .contains("eddy report transfer.jfr --html transfer.html").contains("eddy report seed.jfr get1.jfr get2.jfr");
  }
}
