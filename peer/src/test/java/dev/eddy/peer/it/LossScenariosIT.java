package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.lab.Impairment;
import dev.eddy.peer.lab.ImpairmentRelay;
import dev.eddy.peer.lab.LossModel;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability lab's scenarios: an Eddy seeder and downloader in their own JVMs, the impairment relay
 * between them (in this JVM), and the download must complete byte-exact within a bound. Each bound is about
 * five times the time measured on a loaded two-core machine (RELIABILITY.md has the figures and the command
 * that measures them), so a pass means the recovery works, not that the machine was quiet.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LossScenariosIT {
  private static final int SIZE = 8 << 20;
  private static final int SMALL = 256 << 10;

  @TempDir static Path dir;
  static Path content;
  static Path small;
  static EddyProcess.Seeder seeder;
  static EddyProcess.Seeder smallSeeder;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void seed() throws Exception {
    content = dir.resolve("content.bin");
    byte[] bytes = new byte[SIZE];
    new Random(15).nextBytes(bytes);
    Files.write(content, bytes);
    small = dir.resolve("small.bin");
    Files.write(small, java.util.Arrays.copyOf(bytes, SMALL));
    seeder = EddyProcess.seed(dir, content, List.of());
    smallSeeder = EddyProcess.seed(dir, small, List.of());
  }

  @AfterAll
  static void stop() {
    seeder.close();
    smallSeeder.close();
  }

  @org.junit.jupiter.api.AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private ImpairmentRelay relay(Impairment impairment, String target) throws IOException {
    ImpairmentRelay relay = ImpairmentRelay.start(impairment, new InetSocketAddress("127.0.0.1", 0), address(target));
    closing.add(relay);
    return relay;
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  /** Runs {@code eddy get} from {@code peers} to completion; returns the wall time it took, in seconds. */
  private double download(String swarmId, Path expected, Duration bound, List<String> peers, Runnable meanwhile) throws Exception {
    Path out = dir.resolve("out-" + System.nanoTime() + ".bin");
    // The scenarios are about recovering mid-transfer: on a loaded machine a JVM may start only when the path is
    // already down, and the default 4 s connect timeout would end the download before it began.
    List<String> args = new ArrayList<>(List.of("get", swarmId, "--output", out.toString(), "--timeout", bound.toSeconds() + "s",
        "--connect-timeout", "30s"));
    for (String p : peers) {
      args.add("--peer");
      args.add(p);
    }
    long start = System.nanoTime();
    try (EddyProcess get = EddyProcess.start(dir, List.of(), args.toArray(String[]::new))) {
      meanwhile.run();
      int exit = get.waitFor(bound.toSeconds() + 30);
      assertThat(exit).as("eddy get: %s", get.err()).isZero();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(Files.mismatch(out, expected)).as("byte-exact").isEqualTo(-1L);
    return seconds;
  }

  private double throughRelay(Impairment impairment, Duration bound) throws Exception {
    ImpairmentRelay relay = relay(impairment, seeder.address());
    double seconds = download(seeder.swarmId(), content, bound, List.of(hostPort(relay.address())), () -> {});
    assertThat(seconds).isLessThan(bound.toSeconds());
    return seconds;
  }

  @Test
  void onePercentRandomLoss() throws Exception {
    throughRelay(Impairment.NONE.withLoss(new LossModel.Independent(0.01)).withSeed(1), Duration.ofSeconds(20));
  }

  @Test
  void fivePercentRandomLoss() throws Exception {
    throughRelay(Impairment.NONE.withLoss(new LossModel.Independent(0.05)).withSeed(1), Duration.ofSeconds(25));
  }

  @Test
  void threePercentLossInBursts() throws Exception {
    throughRelay(Impairment.NONE.withLoss(LossModel.GilbertElliott.of(0.03, 4)).withSeed(1), Duration.ofSeconds(40));
  }

  @Test
  void onePercentReorderingWithOnePercentDuplication() throws Exception {
    throughRelay(Impairment.NONE.withReorder(0.01).withDuplicate(0.01).withSeed(1), Duration.ofSeconds(20));
  }

  /**
   * Reordering alone: nothing is lost, so every chunk sent again is a mistake. Counted by a seeder of its own
   * from its channel's close line (--debug, with the per-message log off): retransmissions 0-6 per round
   * measured on a two-core machine at a load of 4-13, nearly all after a stall of the receiving JVM (a
   * collection, or no core for it) longer than the reordering window (RELIABILITY.md); the bound is five
   * times that.
   */
  @Test
  void onePercentReorderingWithoutLossSendsAlmostNothingTwice() throws Exception {
    Path logback = dir.resolve("channels-logback.xml");
    Files.writeString(logback, """
        <configuration>
          <appender name="E" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
            <encoder><pattern>%msg%n</pattern></encoder></appender>
          <logger name="dev.eddy.peer.channels" level="DEBUG"/>
          <logger name="dev.eddy.peer.messages" level="WARN"/>
          <logger name="dev.eddy.peer.stats" level="WARN"/>
          <root level="WARN"><appender-ref ref="E"/></root>
        </configuration>
        """);
    EddyProcess.Seeder counted = EddyProcess.seed(dir, content, List.of("-Dlogback.configurationFile=" + logback), "--debug");
    closing.add(counted);
    ImpairmentRelay relay = relay(Impairment.NONE.withReorder(0.01).withSeed(1), counted.address());
    double seconds = download(counted.swarmId(), content, Duration.ofSeconds(20), List.of(hostPort(relay.address())), () -> {});
    assertThat(seconds).isLessThan(20);
    assertThat(relay.toTarget().reordered() + relay.fromTarget().reordered()).isPositive();
    Matcher closed = awaitCloseLine(counted.process());
    long retransmitted = Long.parseLong(closed.group(1));
    long spurious = Long.parseLong(closed.group(2));
    assertThat(retransmitted).as("chunks sent again for %d sent once, none lost", SIZE / 1024).isLessThanOrEqualTo(32);
    assertThat(spurious).isLessThanOrEqualTo(retransmitted);
  }

  private static final Pattern CLOSE_COUNTERS = Pattern.compile("retransmitted (\\d+) chunks, (\\d+) spurious");

  /** The seeder logs its channel's counters when the downloader closes it, moments after the download. */
  private static Matcher awaitCloseLine(EddyProcess seeder) throws IOException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      Matcher m = CLOSE_COUNTERS.matcher(seeder.err());
      if (m.find()) {
        return m;
      }
      assertThat(System.nanoTime()).as("the seeder's channel close line; stderr: %s", seeder.err()).isLessThan(deadline);
      sleep(50);
    }
  }

  @Test
  void aHundredMillisecondRoundTripWithJitter() throws Exception {
    // Each datagram's delay is drawn anew, so datagrams sent within 10 ms of each other reorder.
    ImpairmentRelay relay = relay(Impairment.NONE.withDelay(Duration.ofMillis(50), Duration.ofMillis(5)).withSeed(1),
        smallSeeder.address());
    double seconds = download(smallSeeder.swarmId(), small, Duration.ofSeconds(20), List.of(hostPort(relay.address())), () -> {});
    assertThat(seconds).isLessThan(20);
    assertThat(relay.toTarget().delayed() + relay.fromTarget().delayed()).isPositive();
  }

  @Test
  void twentyPercentLossOnAHundredMillisecondRoundTripWithJitter() throws Exception {
    // Datagrams reorder too: their delays differ by up to 10 ms. TCP-friendly congestion control moves
    // only a few datagrams per round trip at this loss, hence the smaller content.
    ImpairmentRelay relay = relay(Impairment.NONE.withLoss(new LossModel.Independent(0.20))
        .withDelay(Duration.ofMillis(50), Duration.ofMillis(5)).withSeed(1), smallSeeder.address());
    double seconds = download(smallSeeder.swarmId(), small, Duration.ofSeconds(120), List.of(hostPort(relay.address())), () -> {});
    assertThat(seconds).isLessThan(120);
    assertThat(relay.toTarget().lost() + relay.fromTarget().lost()).isPositive();
  }

  @Test
  void aTenSecondBlackout() throws Exception {
    // 16 Mbit/s stretches the transfer past the blackout's start, two seconds in.
    ImpairmentRelay relay = relay(Impairment.NONE.withRate(16_000_000, 256 << 10)
        .withBlackouts(List.of(new Impairment.Blackout(Duration.ofSeconds(2), Duration.ofSeconds(10)))), seeder.address());
    double seconds = download(seeder.swarmId(), content, Duration.ofSeconds(60), List.of(hostPort(relay.address())), () -> {});
    assertThat(seconds).isGreaterThan(10);
    assertThat(relay.toTarget().blackedOut() + relay.fromTarget().blackedOut()).isPositive();
  }

  @Test
  void theSeederVanishesMidTransferWhileASecondOneHasTheContent() throws Exception {
    EddyProcess.Seeder vanishing = EddyProcess.seed(dir, content, List.of());
    closing.add(vanishing);
    Impairment slow = Impairment.NONE.withRate(16_000_000, 256 << 10);
    ImpairmentRelay toVanishing = relay(slow, vanishing.address());
    ImpairmentRelay toStaying = relay(slow, seeder.address());
    download(seeder.swarmId(), content, Duration.ofSeconds(40),
        List.of(hostPort(toVanishing.address()), hostPort(toStaying.address())), () -> {
          awaitServed(toVanishing);
          vanishing.process().process.destroyForcibly();
        });
    assertThat(toVanishing.fromTarget().forwarded()).as("the vanishing seeder served part of it").isPositive();
  }

  @Test
  void theSeederRestartsOnTheSameAddress() throws Exception {
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    String listen = "127.0.0.1:" + port;
    EddyProcess.Seeder first = EddyProcess.seed(dir, content, List.of(), "--listen", listen);
    closing.add(first);
    ImpairmentRelay relay = relay(Impairment.NONE.withRate(16_000_000, 256 << 10), listen);
    download(seeder.swarmId(), content, Duration.ofSeconds(60), List.of(hostPort(relay.address())), () -> {
      awaitServed(relay);
      first.process().process.destroyForcibly();
      sleep(1000);
      try {
        closing.add(EddyProcess.seed(dir, content, List.of(), "--listen", listen));
      } catch (Exception e) {
        throw new AssertionError("the seeder did not restart on " + listen, e);
      }
    });
  }

  /** Mid-transfer, however long the downloader's JVM took to start: once the seeder behind the relay has sent data. */
  private static void awaitServed(ImpairmentRelay relay) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (relay.fromTarget().forwarded() < 64 && System.nanoTime() < deadline) {
      sleep(20);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
