package dev.eddy.peer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.node.PeerNode;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.time.Clock;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics endpoint of real peers on loopback, scraped over HTTP as Prometheus does: a seeder limited to one
 * per-peer series and two downloaders. Swarm totals are exact, per-peer series stay within their bound and go
 * when the peer stops, drops are counted by reason, and a stopped peer keeps its final totals for the last scrape.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerMetricsIT {
  private static final int CHUNK = 1024;
  private static final int SIZE = 512 << 10;
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void peersExportSwarmAndBoundedPerPeerMetrics() throws Exception {
    byte[] content = new byte[SIZE];
    new Random(11).nextBytes(content);
    Path file = dir.resolve("content.bin");
    Files.write(file, content);
    MerkleTree tree = MerkleTree.build(file, CHUNK, HashFunction.SHA1);
    String swarmId = tree.rootHash().toHex();
    CompletableFuture<Void> aDone = new CompletableFuture<>();
    CompletableFuture<Void> bDone = new CompletableFuture<>();
    Swarm seeding = Swarm.seeding(tree, ContentFile.open(file, CHUNK));
    Swarm first = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("a.bin"), PickOrder.RAREST_FIRST, done(aDone));
    Swarm second = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("b.bin"), PickOrder.RAREST_FIRST, done(bDone));

    try (PeerMetrics seederMetrics = new PeerMetrics(1);
        PeerMetrics aMetrics = new PeerMetrics(20);
        PeerMetrics bMetrics = new PeerMetrics(20)) {
      seederMetrics.serve(ANY);
      aMetrics.serve(ANY);
      bMetrics.serve(ANY);
      try (PeerNode seeder = PeerNode.start(ANY, ChannelConfig.DEFAULT, seederMetrics, Clock.system(), CHUNK, List.of(seeding));
          PeerNode b = PeerNode.start(ANY, ChannelConfig.DEFAULT, bMetrics, Clock.system(), CHUNK, List.of(second))) {
        seeder.limitUpload(256 << 10); // a few seconds: long enough to see both downloaders connected
        PeerNode a = PeerNode.start(ANY, ChannelConfig.DEFAULT, aMetrics, Clock.system(), CHUNK, List.of(first));
        try {
          a.connect(first, seeder.localAddress());
          b.connect(second, seeder.localAddress());
          String swarm = "swarm=\"" + swarmId + "\"";

          String both = scrapeUntil(seederMetrics, text -> value(text, "eddy_swarm_peers{" + swarm + "}") == 2);
          assertThat(count(both, "eddy_peer_sent_bytes_total{")).as("one per-peer series at most, with 2 peers\n%s", both)
              .isEqualTo(1);
          assertThat(both).contains("# TYPE eddy_swarm_uploaded_bytes counter", "# UNIT eddy_swarm_uploaded_bytes bytes",
              "# TYPE eddy_peer_congestion_window_bytes gauge", "# TYPE eddy_channels_opened counter");

          try (DatagramSocket junk = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            junk.send(new DatagramPacket(new byte[] {1, 2}, 2, seeder.localAddress()));
          }
          scrapeUntil(seederMetrics, text -> value(text, "eddy_datagrams_dropped_total{reason=\"malformed\"}") == 1
              && value(text, "eddy_datagrams_dropped_bytes_total{reason=\"malformed\"}") == 2);

          aDone.get(40, TimeUnit.SECONDS);
          String done = scrape(aMetrics);
          assertThat(value(done, "eddy_swarm_downloaded_bytes_total{" + swarm + "}")).isEqualTo(SIZE);
          assertThat(value(done, "eddy_swarm_downloaded_chunks_total{" + swarm + "}")).isEqualTo(SIZE / CHUNK);
          assertThat(value(done, "eddy_swarm_held_chunks{" + swarm + "}")).isEqualTo(SIZE / CHUNK);
          String fromSeeder = "{peer=\"" + dev.eddy.peer.observe.ChannelRef.format(seeder.localAddress()) + "\"," + swarm + "}";
          assertThat(value(done, "eddy_peer_received_bytes_total" + fromSeeder)).as(done).isPositive().isLessThanOrEqualTo(SIZE);
          assertThat(value(done, "eddy_peer_rtt_seconds" + fromSeeder)).as(done).isGreaterThanOrEqualTo(0);
          assertThat(value(done, "eddy_channels_opened_total{initiated=\"local\"}")).isGreaterThanOrEqualTo(1);
        } finally {
          a.close();
        }
        String stopped = scrape(aMetrics);
        assertThat(aMetrics.awaitScrapeAfterStop(Duration.ofSeconds(5))).as("the scrape after the stop counted").isTrue();
        assertThat(value(stopped, "eddy_swarm_downloaded_bytes_total{swarm=\"" + swarmId + "\"}"))
            .as("a stopped peer keeps its final totals").isEqualTo(SIZE);
        assertThat(count(stopped, "eddy_peer_received_bytes_total{")).as("no per-peer series once the peers left").isZero();
        assertThat(value(stopped, "eddy_channels_closed_total{reason=\"local_closed\"}")).isGreaterThanOrEqualTo(1);
        bDone.get(40, TimeUnit.SECONDS);
      }
    }
    assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(content);
  }

  /** One scrape over HTTP in the OpenMetrics format, as Prometheus asks for it. */
  static String scrape(PeerMetrics metrics) throws Exception {
    InetSocketAddress at = metrics.address();
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + "/metrics"))
        .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
    assertThat(response.body()).endsWith("# EOF\n");
    return response.body();
  }

  private static String scrapeUntil(PeerMetrics metrics, Predicate<String> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String text = scrape(metrics);
    while (!condition.test(text)) {
      assertThat(System.nanoTime()).as("scrape never showed what was expected:\n%s", text).isLessThan(deadline);
      Thread.sleep(50);
      text = scrape(metrics);
    }
    return text;
  }

  /** The value of the sample {@code series} (name and labels exactly as written), or -1 when absent. */
  static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static long count(String text, String prefix) {
    return text.lines().filter(l -> l.startsWith(prefix)).count();
  }

  private static SwarmListener done(CompletableFuture<Void> when) {
    return new SwarmListener() {
      @Override
      public void onComplete(Swarm swarm) {
        when.complete(null);
      }

      @Override
      public void onStorageFailure(Swarm swarm, String message, boolean diskFull) {
        when.completeExceptionally(new AssertionError(message));
      }
    };
  }
}
