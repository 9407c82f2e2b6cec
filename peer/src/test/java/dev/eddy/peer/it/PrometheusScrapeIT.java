package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (the Debian package, with its own configuration and storage in a temporary directory)
 * scrapes the {@code --metrics} endpoints of three peer processes every second: one seeder and two downloaders.
 * Asked through its HTTP query API, the downloaded bytes add up to twice the content, and what the three uploaded
 * covers what the two downloaded (retransmissions and duplicates only add to it).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PrometheusScrapeIT {
  private static final int SIZE = 2 << 20;
  private static final Pattern METRICS_AT = Pattern.compile("metrics for Prometheus at http://([0-9.]+:\\d+)/metrics");
  private static final Pattern PROMETHEUS_AT = Pattern.compile("msg=\"Listening on\" address=([0-9.]+:\\d+)");
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[^,]+,\"([^\"]+)\"\\]");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void prometheusSeesTheSwarmsBytesAddUp() throws Exception {
    Path prometheus = findPrometheus();
    Path content = dir.resolve("content.bin");
    byte[] bytes = new byte[SIZE];
    new Random(23).nextBytes(bytes);
    Files.write(content, bytes);

    List<EddyProcess> gets = new ArrayList<>();
    Process server = null;
    EddyProcess.Seeder seeder = EddyProcess.seed(dir, content, List.of(), "--max-upload-rate", "512k", "--metrics", "127.0.0.1:0",
        "--metrics-wait", "0s");
    try {
      String seederMetrics = metricsAddress(seeder.process());
      // Prometheus is up before the downloads start, and the seeder (512 KiB/s, one copy at least: 4 s) keeps them
      // going for several scrapes. Every port is chosen by the kernel as it binds (port 0): a port picked ahead and
      // closed can be taken in between by another process on a shared machine. So the downloaders, whose addresses
      // are known only once they run, reach Prometheus through a targets file it watches.
      Path leechersFile = dir.resolve("leechers.json");
      writeTargets(leechersFile, List.of());
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  scrape_timeout: 1s",
          "scrape_configs:",
          "  - job_name: eddy",
          "    static_configs:",
          "      - targets: ['" + seederMetrics + "']",
          "        labels: {role: seeder}",
          "    file_sd_configs:",
          "      - files: ['" + leechersFile + "']",
          ""));
      server = new ProcessBuilder(prometheus.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
          "--web.listen-address=127.0.0.1:0")
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      String api = "http://" + awaitReady(server);
      for (int i = 0; i < 2; i++) {
        gets.add(EddyProcess.start(dir, List.of(), "get", seeder.swarmId(), "--tracker", seeder.address(),
            "--output", dir.resolve("copy" + i).toString(), "--timeout", "60s", "--metrics", "127.0.0.1:0",
            "--metrics-wait", "30s"));
      }
      List<String> leecherMetrics = new ArrayList<>();
      for (EddyProcess get : gets) {
        leecherMetrics.add(metricsAddress(get));
      }
      writeTargets(leechersFile, leecherMetrics);

      for (EddyProcess get : gets) {
        assertThat(get.waitFor(90)).as(get.err()).isZero();
        assertThat(get.err()).as("the final counts were scraped before the downloader exited").doesNotContain("was not scraped");
      }
      for (int i = 0; i < 2; i++) {
        assertThat(Files.mismatch(dir.resolve("copy" + i), content)).isEqualTo(-1L);
      }
      // Downloaders have exited: their last scraped values are what max_over_time sees.
      String downloaded = "sum(max_over_time(eddy_swarm_downloaded_bytes_total{role=\"leecher\",swarm=\"" + seeder.swarmId() + "\"}[5m]))";
      assertThat(query(api, downloaded)).as(downloaded).isEqualTo(2.0 * SIZE);
      assertThat(query(api, "sum(max_over_time(eddy_swarm_downloaded_chunks_total{role=\"leecher\"}[5m]))")).isEqualTo(2.0 * SIZE / 1024);
      String uploaded = "sum(max_over_time(eddy_swarm_uploaded_bytes_total[5m]))";
      // A sender counts a chunk uploaded as it sends it, but a downloader's last scrape may come before the last
      // chunks it sends to the other one while it stops (a few KiB).
      double inFlightAtStop = 64 << 10;
      double up = awaitValue(api, uploaded, v -> v >= 2.0 * SIZE - inFlightAtStop);
      assertThat(up).as("uploads cover the downloads, with few resent or duplicate chunks")
          .isBetween(2.0 * SIZE - inFlightAtStop, 2.2 * SIZE);
      // The seeder's latest scrape may precede its last sends by up to a scrape interval: wait for the next one.
      String seederUploaded = "max_over_time(eddy_swarm_uploaded_bytes_total{role=\"seeder\"}[5m])";
      assertThat(awaitValue(api, seederUploaded, v -> v >= SIZE)).as("the seeder sent at least one copy").isGreaterThanOrEqualTo(SIZE);
      // Per-peer series are checked over HTTP by PeerMetricsIT: a 1 s scrape did not always catch them here.
      assertThat(query(api, "sum(max_over_time(eddy_swarm_integrity_failures_total[5m]))")).isZero();
      dashboardQueriesRun(api);
    } finally {
      gets.forEach(EddyProcess::close);
      seeder.close();
      if (server != null) {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
    }
  }

  /**
   * Every query of the Grafana dashboard, with its variables as Grafana fills them for "All", is valid PromQL to
   * this Prometheus, and the swarm panels find data.
   */
  private static void dashboardQueriesRun(String api) throws Exception {
    List<String> exprs = dev.eddy.peer.metrics.GrafanaDashboardTest.panelQueries().stream()
        .map(q -> q.replace("$__rate_interval", "1m").replace("$instance", ".*").replace("$swarm", ".*")).toList();
    assertThat(exprs).hasSizeGreaterThan(10);
    for (String expr : exprs) {
      boolean seederShows = expr.startsWith("eddy_swarm_peers") || expr.contains("eddy_swarm_uploaded_bytes_total");
      // A rate needs two scrapes of the seeder in its range: on a quiet machine the whole test may be that short.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String body;
      do {
        body = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()).body();
      } while (seederShows && !body.contains("\"value\"") && System.nanoTime() < deadline && sleep(200));
      assertThat(body).as(expr).contains("\"status\":\"success\"");
      if (seederShows) {
        assertThat(body).as("the seeder, still scraped, shows on %s", expr).contains("\"value\"");
      }
    }
  }

  /** The Debian package's binary; without it (a machine where it cannot be installed) the test is skipped. */
  private static Path findPrometheus() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "prometheus");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    Assumptions.abort("prometheus is not installed (Debian: apt-get install prometheus; .ci/run installs it): "
        + "the scrape test needs a real Prometheus server");
    throw new AssertionError("unreachable");
  }

  private static String metricsAddress(EddyProcess p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher m = METRICS_AT.matcher(p.err());
      if (m.find()) {
        return m.group(1);
      }
      assertThat(p.process.isAlive()).as("eddy exited before serving metrics: %s", p.err()).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("no metrics address printed: " + p.err());
  }

  /** A file_sd targets file of downloaders, replaced in one move so Prometheus never reads half of it. */
  private static void writeTargets(Path file, List<String> targets) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    String list = targets.stream().map(t -> "\"" + t + "\"").collect(java.util.stream.Collectors.joining(", "));
    Files.writeString(next, "[{\"targets\": [" + list + "], \"labels\": {\"role\": \"leecher\"}}]\n");
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Waits until Prometheus answers as ready; returns the address it listens on (it logs the port it was given). */
  private String awaitReady(Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String log = Files.readString(dir.resolve("prometheus.log"));
      assertThat(server.isAlive()).as("prometheus exited: %s", log).isTrue();
      Matcher listening = PROMETHEUS_AT.matcher(log);
      if (listening.find()) {
        try {
          if (HTTP.send(HttpRequest.newBuilder(URI.create("http://" + listening.group(1) + "/-/ready")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return listening.group(1);
          }
        } catch (IOException notYet) {
          // not serving yet
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("prometheus not ready: " + Files.readString(dir.resolve("prometheus.log")));
  }

  /** An instant query's single value; fails when the result is empty or not one sample. */
  private static double query(String api, String promql) throws Exception {
    String body = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(body).as(promql).contains("\"status\":\"success\"");
    Matcher m = VALUE.matcher(body);
    assertThat(m.find()).as("%s gave no sample: %s", promql, body).isTrue();
    double value = Double.parseDouble(m.group(1));
    assertThat(m.find()).as("%s gave more than one sample: %s", promql, body).isFalse();
    return value;
  }

  private static boolean sleep(long ms) throws InterruptedException {
    Thread.sleep(ms);
    return true;
  }

  /** The seeder is still scraped: waits (bounded) for its next scrape to carry its final upload. */
  private static double awaitValue(String api, String promql, java.util.function.DoublePredicate ok) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    double v = query(api, promql);
    while (!ok.test(v) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      v = query(api, promql);
    }
    return v;
  }
}
