package dev.eddy.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.cli.DashboardsCommand;
import dev.eddy.dashboards.testing.BrowserPage;
import dev.eddy.dashboards.testing.ChildProcess;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-recording report against the reliability lab's faults: real Eddy peers in their own JVMs, each
 * recording itself with {@code --record}, the fault made as the lab makes it ({@code eddy relay --loss}, a seeder
 * with {@code -Deddy.fault.corruptChunk}, a seeder killed mid-transfer), then {@code eddy report} on the
 * recordings. Its first line for the download must name the fault.
 */
@Timeout(120)
class SwarmReportIT {
  static final Path ROOT = Path.of(System.getProperty("eddy.root"));
  static final Path PEER_JAR = ROOT.resolve("peer/target/eddy-peer.jar");
  private static final Pattern ADDRESS = Pattern.compile("udp (127\\.0\\.0\\.1:\\d+)");
  private static final Pattern SWARM_ID = Pattern.compile("Swarm ID: ([0-9a-f]{40})");

  @TempDir static Path dir;
  static Path content;
  static String swarm;

  @BeforeAll
  static void content() throws Exception {
    byte[] bytes = new byte[2 << 20];
    new Random(20).nextBytes(bytes);
    content = Files.write(dir.resolve("content.bin"), bytes);
  }

  /** A seeder of {@link #content} on an ephemeral port; returns it once it listens, its address in {@code address[0]}. */
  private static ChildProcess seeder(String name, List<String> jvm, String[] address, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("seed", content.toString(), "--listen", "127.0.0.1:0"));
    args.addAll(List.of(options));
    ChildProcess p = ChildProcess.java(name, dir, jvm, PEER_JAR, args);
    p.awaitOutput("Listening on", Duration.ofSeconds(30));
    address[0] = match(ADDRESS, p.output());
    swarm = match(SWARM_ID, p.output());
    return p;
  }

  private static ChildProcess get(String name, List<String> options) throws Exception {
    List<String> args = new ArrayList<>(List.of("get", swarm, "--output", dir.resolve(name + ".bin").toString(),
        "--timeout", "60s"));
    args.addAll(options);
    return ChildProcess.java(name, dir, PEER_JAR, args);
  }

  private static void completes(ChildProcess get, String name) throws Exception {
    assertThat(get.await(Duration.ofSeconds(70))).as(get.output()).isZero();
    assertThat(dir.resolve(name + ".bin")).hasSameBinaryContentAs(content);
  }

  /** The lab's impairment relay in front of {@code to}, listening on an ephemeral port. */
  private static ChildProcess relay(String name, String to, String... impairments) throws Exception {
    List<String> args = new ArrayList<>(List.of("relay", "--listen", "127.0.0.1:0", "--to", to));
    args.addAll(List.of(impairments));
    return ChildProcess.java(name, dir, PEER_JAR, args);
  }

  /** Where {@code relay} listens, once it does. */
  private static String relayAddress(ChildProcess relay) throws Exception {
    relay.awaitOutput("Relaying udp", Duration.ofSeconds(30));
    return match(Pattern.compile("Relaying udp (127\\.0\\.0\\.1:\\d+)"), relay.output());
  }

  /** Returns once {@code get} reports its first downloaded bytes. */
  private static void awaitDownloading(ChildProcess get) throws Exception {
    Instant deadline = Instant.now().plusSeconds(40);
    while (!Pattern.compile("progress: [0-9.]+ [KM]iB of").matcher(get.output()).find()) {
      assertThat(Instant.now()).as(get.output()).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  /** Returns once {@code seeder}, started with {@code --metrics}, counts at least {@code bytes} uploaded. */
  private static void awaitUploaded(ChildProcess seeder, long bytes) throws Exception {
    seeder.awaitOutput("metrics for Prometheus at", Duration.ofSeconds(30));
    URI metrics = URI.create(match(Pattern.compile("metrics for Prometheus at (\\S+)"), seeder.output()));
    Pattern uploaded = Pattern.compile("^eddy_swarm_uploaded_bytes_total\\{[^}]*} (\\S+)$", Pattern.MULTILINE);
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(40);
    while (true) {
      Matcher m = uploaded.matcher(http.send(HttpRequest.newBuilder(metrics).build(), BodyHandlers.ofString()).body());
      if (m.find() && Double.parseDouble(m.group(1)) >= bytes) {
        return;
      }
      assertThat(Instant.now()).as("%s uploaded %d bytes", seeder.output(), bytes).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  private static String match(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in:%n%s", p, text).isTrue();
    return m.group(1);
  }

  private static String report(List<Path> recordings, String... options) {
    List<String> args = new ArrayList<>(List.of("report"));
    recordings.forEach(r -> args.add(r.toString()));
    args.addAll(List.of(options));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DashboardsCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args.toArray(String[]::new));
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  /** The first finding for {@code peer}'s download: the line after "What limited each transfer". */
  private static String firstCause(String report, String peer) {
    return Arrays.stream(report.split("\n")).filter(l -> l.startsWith("  - " + peer + " downloading ")).findFirst()
        .orElseThrow(() -> new AssertionError("no transfer of " + peer + " in:\n" + report));
  }

  @Test
  void fivePercentLossIsNamedAsLossOnTheLinkWithTheClocksAligned() throws Exception {
    Path seedJfr = dir.resolve("lossy-seed.jfr");
    Path getJfr = dir.resolve("lossy-get.jfr");
    String[] seed = new String[1];
    // Capped at 1 MiB/s so that the transfer spans the seeder's 1 s congestion samples: uncapped, 2 MiB can cross
    // the relay between two samples and leave the window chart empty.
    try (ChildProcess seeder = seeder("lossy-seed", List.of(), seed, "--max-upload-rate", "1m", "--record",
            seedJfr.toString(), "--record-settings", "messages");
        ChildProcess relay = relay("relay", seed[0], "--loss", "5%", "--seed", "1")) {
      String via = relayAddress(relay);
      ChildProcess get = get("lossy-get", List.of("--peer", via, "--record", getJfr.toString(),
          "--record-settings", "messages"));
      completes(get, "lossy-get");
      seeder.stop();
    }

    Path html = dir.resolve("lossy.html");
    String report = report(List.of(seedJfr, getJfr), "--html", html.toString());

    assertThat(report).startsWith("What limited each transfer\n");
    assertThat(firstCause(report, "lossy-get")).as(report).contains("loss on link lossy-seed → lossy-get")
        .containsPattern("[0-9.]+ % of DATA lost");
    assertThat(report).containsPattern("\\d+ retransmissions, \\d+ of them needed and \\d+ not");
    // Paired across the relay by channel IDs although each side saw a different address.
    assertThat(report).containsPattern("lossy-seed +\\S*lossy-seed\\.jfr +127\\.0\\.0\\.1:\\d+ +yes");
    Matcher lost = Pattern.compile("lossy-seed → lossy-get +[0-9.]+ [KM]iB +(\\d+) +(\\d+) \\(([0-9.]+) %\\)")
        .matcher(report);
    assertThat(lost.find()).as(report).isTrue();
    double lossPercent = Double.parseDouble(lost.group(3));
    assertThat(lossPercent).as("the relay drops 5 %% of datagrams").isBetween(2.0, 10.0);
    // One machine, one clock: the estimate is within its own error bound of zero.
    Matcher clock = Pattern.compile("lossy-get +([+-])([0-9.]+) (ns|µs|ms) ± ([0-9.]+) (ns|µs|ms)").matcher(report);
    assertThat(clock.find()).as(report).isTrue();
    double offset = nanos(clock.group(2), clock.group(3));
    double bound = nanos(clock.group(4), clock.group(5));
    assertThat(bound).as("error bound").isLessThan(20e6);
    assertThat(offset).as("offset").isLessThanOrEqualTo(bound + 100e3);

    // The page's joined view: every time chart of it interactive, on the common time axis.
    try (BrowserPage browser = BrowserPage.open(html, dir, 1300, 1000)) {
      assertThat(browser.evaluate("document.getElementById('script-errors').textContent")).isEmpty();
      assertThat(browser.evaluate("Array.from(document.querySelectorAll('#swarm-charts .u-title'))"
          + ".map(t => t.textContent).join(' / ')")).isEqualTo("Progress (%) / One-way delay (ns)"
          + " / Sender's congestion window (bytes) / Receiver's throughput (bytes/s)");
      assertThat(browser.evaluate("Array.from(document.querySelectorAll('#swarm-charts .u-legend .u-label'))"
          + ".map(l => l.textContent).join(' / ')"))
          .contains("lossy-seed → lossy-get one-way delay").contains("lossy-seed → lossy-get sender's congestion window")
          .contains("lossy-seed → lossy-get receiver's throughput").containsPattern("lossy-get swarm \\S+ progress");
      int[] painted = browser.paintedPixels("#swarm-charts");
      assertThat(painted).hasSize(4);
      assertThat(Arrays.stream(painted).min().orElseThrow()).as("painted pixels per chart canvas").isGreaterThan(500);

      // Hovering the progress chart shows the time and values there in every chart of the view (one crosshair).
      double[] plot = browser.firstPlotCentre("#swarm-charts");
      browser.moveMouse(plot[0], plot[1]);
      String[] values = browser.legendValues("#swarm-charts");
      assertThat(values).hasSize(4);
      assertThat(values[0]).matches("\\d+\\.\\d\\d s( \\| (\\d+ %|–))+").containsPattern("\\d+ %");
      assertThat(values).allSatisfy(v -> assertThat(v).matches("\\d+\\.\\d\\d s( \\| ([\\d.]+ [^|]+|–))+"));
    }
  }

  private static double nanos(String value, String unit) {
    return Double.parseDouble(value) * switch (unit) {
      case "ms" -> 1e6;
      case "µs" -> 1e3;
      default -> 1;
    };
  }

  @Test
  void aLyingSeederIsNamedByItsIntegrityFailures() throws Exception {
    Path liarJfr = dir.resolve("liar.jfr");
    Path honestJfr = dir.resolve("honest.jfr");
    Path getJfr = dir.resolve("among-liars.jfr");
    String[] liar = new String[1];
    String[] honest = new String[1];
    try (ChildProcess lying = seeder("liar", List.of("-Deddy.fault.corruptChunk=all"), liar, "--record",
            liarJfr.toString());
        ChildProcess honestSeeder = seeder("honest", List.of(), honest, "--record", honestJfr.toString())) {
      completes(get("among-liars", List.of("--peer", liar[0], "--peer", honest[0], "--record", getJfr.toString())),
          "among-liars");
      lying.stop();
      honestSeeder.stop();
    }

    String report = report(List.of(getJfr, liarJfr, honestJfr));

    assertThat(firstCause(report, "among-liars")).as(report).contains("integrity failures from liar");
    // Recorded without per-message events: counts say so instead of showing zeros, and the report says how.
    assertThat(report).contains("per-message events").contains("--record-settings messages")
        .containsPattern("honest → among-liars +[0-9.]+ [KM]iB +not recorded +not recorded");
    String ownReport = report.substring(report.indexOf("Recording  " + getJfr));
    ownReport = ownReport.substring(0, ownReport.indexOf("=".repeat(72)));
    assertThat(ownReport).containsPattern("127\\.0\\.0\\.1:\\d+ +not recorded +not recorded")
        .as("the downloader sent no content: no congestion section").doesNotContain("Congestion control");
  }

  @Test
  void aKilledSeederIsNamedAsVanished() throws Exception {
    Path stayJfr = dir.resolve("staying.jfr");
    Path getJfr = dir.resolve("abandoned.jfr");
    String[] gone = new String[1];
    String[] stay = new String[1];
    try (ChildProcess vanishing = seeder("vanishing", List.of(), gone, "--max-upload-rate", "256k", "--metrics",
            "127.0.0.1:0");
        ChildProcess staying = seeder("staying", List.of(), stay, "--max-upload-rate", "256k", "--record",
            stayJfr.toString())) {
      ChildProcess get = get("abandoned", List.of("--peer", gone[0], "--peer", stay[0], "--record", getJfr.toString(),
          "--record-settings", "messages"));
      // Killed once it has served a share of the content, as its own metrics count it (the downloader's first
      // progress line is not enough: on a loaded machine those bytes can all come from the other seeder, and a
      // peer that delivered nothing is not one the download lost): SIGKILL, so it says no goodbye (and could
      // write no recording).
      awaitUploaded(vanishing, 128 << 10);
      ProcessHandle.of(vanishing.pid()).ifPresent(ProcessHandle::destroyForcibly);
      completes(get, "abandoned");
      staying.stop();
    }

    String report = report(List.of(stayJfr, getJfr));

    assertThat(firstCause(report, "abandoned")).as(report).contains(gone[0] + " vanished");
    assertThat(report).contains("no recording of it was given")
        .contains("the other side of the channels to " + gone[0]);
  }

  @Test
  void aSeederThatChokesUsIsNamed() throws Exception {
    Path chokingJfr = dir.resolve("choking-seed.jfr");
    Path lateJfr = dir.resolve("latecomer.jfr");
    String[] choking = new String[1];
    String[] other = new String[1];
    // The choking seeder has two upload slots (one regular, one optimistic) and serves at 64 KiB/s: two early
    // downloaders take both slots and stay interested for a minute. Its slots are reassigned every 10 s and the
    // optimistic one moves every 30 s; a latecomer that arrives after the first reassignment is choked until
    // the optimistic slot moves, while it downloads from the other seeder in a few seconds. The other seeder
    // records nothing: on a saturated CPU its own count of needed retransmissions reads timeouts as loss.
    try (ChildProcess chokingSeeder = seeder("choking-seed", List.of(), choking, "--upload-slots", "1",
            "--max-upload-rate", "64k", "--record", chokingJfr.toString());
        ChildProcess otherSeeder = seeder("other-seed", List.of(), other, "--max-upload-rate", "1m");
        ChildProcess first = get("early1", List.of("--peer", choking[0]));
        ChildProcess second = get("early2", List.of("--peer", choking[0]))) {
      Instant firstRoundDone = Instant.now().plusSeconds(11);
      awaitDownloading(first);
      awaitDownloading(second);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), firstRoundDone).toMillis()));
      try (ChildProcess late = get("latecomer", List.of("--peer", choking[0], "--peer", other[0], "--max-peers", "1",
          "--record", lateJfr.toString()))) {
        completes(late, "latecomer");
      }
      chokingSeeder.stop();
      otherSeeder.stop();
    }

    String report = report(List.of(chokingJfr, lateJfr));

    assertThat(firstCause(report, "latecomer")).as(report).contains("choking-seed choked latecomer");
    assertThat(report).containsPattern("choking-seed kept latecomer choked for [0-9.]+ m?s of the [0-9.]+ m?s transfer");
  }

  @Test
  void aBlockedReceiveLoopIsNamedAsAStall() throws Exception {
    Path getJfr = dir.resolve("stalled.jfr");
    String[] seed = new String[1];
    // The downloader's I/O loop sleeps 40 ms after a read batch, then runs at least 120 ms: blocked about a
    // quarter of the transfer, well above the report's 10 %, yet far below the 200 ms retransmission timeout.
    // The stall is the downloader's own evidence; the seeder records nothing, since on a saturated CPU its own
    // count of needed retransmissions reads timeouts as loss.
    try (ChildProcess seeder = seeder("steady-seed", List.of(), seed);
        ChildProcess get = ChildProcess.java("stalled", dir, List.of("-Deddy.fault.stallReceive=40ms"), PEER_JAR,
            List.of("get", swarm, "--output", dir.resolve("stalled.bin").toString(), "--timeout", "60s", "--peer",
                seed[0], "--record", getJfr.toString()))) {
      completes(get, "stalled");
      assertThat(get.output()).contains("FAULT INJECTION: the receive loop blocked for 40 ms at a time");
      seeder.stop();
    }

    String report = report(List.of(getJfr));

    assertThat(firstCause(report, "stalled")).as(report).contains("the I/O loop of stalled was blocked");
    assertThat(report).containsPattern("spent [0-9.]+ m?s of the [0-9.]+ m?s transfer in blocking calls: Thread\\.sleep");
  }

  @Test
  void aBottleneckQueueIsNamedAsQueuingDelay() throws Exception {
    Path seedJfr = dir.resolve("queued-seed.jfr");
    Path getJfr = dir.resolve("queued-get.jfr");
    String[] seed = new String[1];
    // A 2 Mbit/s bottleneck with a 1 MiB queue (seconds of it: nothing is dropped): LEDBAT grows the window
    // until the queue holds its 25 ms target and keeps it there for the 8 s the content takes, so the queuing
    // delay the seeder samples each second sits near the target, twice the report's threshold.
    try (ChildProcess seeder = seeder("queued-seed", List.of(), seed, "--record", seedJfr.toString());
        ChildProcess relay = relay("bottleneck", seed[0], "--rate", "2mbit", "--queue", "1048576")) {
      String via = relayAddress(relay);
      completes(get("queued-get", List.of("--peer", via, "--record", getJfr.toString())), "queued-get");
      seeder.stop();
    }

    String report = report(List.of(seedJfr, getJfr));

    assertThat(firstCause(report, "queued-get")).as(report)
        .contains("the congestion window on queued-seed → queued-get was held down by queuing delay");
    assertThat(report).containsPattern("median queuing delay [0-9.]+ ms while sending");
  }
}
