package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eddy peers in separate JVMs on 127.0.0.1 over real UDP: two seeders (one honest, one serving every
 * chunk corrupted through the fault-injection hook) and one downloader JVM per test, plus every way {@code eddy get}
 * can fail, with its exit code and its one line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeerIT {
  private static final int SIZE = 16 * (1 << 20) + 777;

  @TempDir static Path dir;
  static Path content;
  static EddyProcess.Seeder honest;
  static EddyProcess.Seeder corrupt;
  /** A UDP socket that swallows everything: a peer that never answers. */
  static DatagramSocket silent;

  @BeforeAll
  static void startSeeders() throws Exception {
    content = dir.resolve("content.bin");
    byte[] bytes = new byte[SIZE];
    new Random(7).nextBytes(bytes);
    Files.write(content, bytes);
    honest = EddyProcess.seed(dir, content, List.of());
    corrupt = EddyProcess.seed(dir, content, List.of("-Deddy.fault.corruptChunk=all"));
    assertThat(corrupt.swarmId()).isEqualTo(honest.swarmId());
    silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
  }

  @AfterAll
  static void stopSeeders() {
    for (AutoCloseable c : new AutoCloseable[] {honest, corrupt, silent}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  private static EddyProcess get(String... args) throws Exception {
    return EddyProcess.start(dir, List.of(), args);
  }

  private static String silentPeer() {
    return "127.0.0.1:" + silent.getLocalPort();
  }

  @Test
  @Order(2)
  void aDownloadNobodyRecordsNeverStartsTheFlightRecordersMachinery() throws Exception {
    // Netty's allocator events and our own would otherwise initialise JFR (0.3-0.5 s of a cold JVM) on the
    // first datagram, on the critical path of every transfer.
    Path classes = dir.resolve("classes.log");
    Path out = dir.resolve("unrecorded.bin");
    try (EddyProcess get = EddyProcess.start(dir, List.of("-Xlog:class+load:file=" + classes),
        "get", honest.swarmId(), "--peer", honest.address(), "--output", out.toString(), "--timeout", "100s")) {
      assertThat(get.waitFor(110)).as(get.err()).isZero();
    }
    List<String> loaded = Files.readAllLines(classes);
    assertThat(loaded).anyMatch(line -> line.contains("dev.eddy.peer.channel.ChunkRequester "));
    assertThat(loaded).noneMatch(line -> line.contains("jdk.jfr.internal.MetadataLoader "));
  }

  @Test
  @Order(1)
  void downloads16MiBByteExactFromAnotherJvm() throws Exception {
    Path out = dir.resolve("two-peers.bin");
    try (EddyProcess get = get("get", honest.swarmId(), "--peer", honest.address(), "--output", out.toString(), "--timeout", "100s")) {
      assertThat(get.waitFor(110)).as(get.err()).isZero();
      assertThat(get.out()).contains("Downloaded " + SIZE + " bytes to " + out, "verified against swarm ID " + honest.swarmId());
    }
    assertThat(Files.mismatch(out, content)).isEqualTo(-1L);
    assertThat(dir.resolve("two-peers.bin.part")).doesNotExist();
  }

  @Test
  @Order(2)
  void downloadsFromASeederSendingAtomicDatagrams() throws Exception {
    Path out = dir.resolve("atomic.bin");
    try (EddyProcess.Seeder atomic = EddyProcess.seed(dir, content, List.of(), "--atomic-datagrams");
        EddyProcess get = get("get", atomic.swarmId(), "--peer", atomic.address(), "--output", out.toString(),
            "--timeout", "100s")) {
      assertThat(get.waitFor(110)).as(get.err()).isZero();
    }
    assertThat(Files.mismatch(out, content)).isEqualTo(-1L);
  }

  @Test
  @Order(2)
  void integrityFailuresFromEveryPeerEndTheDownload() throws Exception {
    Path out = dir.resolve("lied-to.bin");
    try (EddyProcess get = get("get", honest.swarmId(), "--peer", corrupt.address(), "--output", out.toString())) {
      assertThat(get.waitFor(60)).isEqualTo(7);
      assertThat(get.lastErrLine()).startsWith(
          "eddy: integrity failures from the peer " + corrupt.address() + ": every chunk failed verification at the first level");
    }
    assertThat(out).doesNotExist();
    assertThat(dir.resolve("lied-to.bin.part")).as("nothing verified, nothing kept").doesNotExist();
  }

  @Test
  @Order(2)
  void aWrongChunkSizeIsNamedAsTheLikelyCauseWithSizesToTry() throws Exception {
    Path out = dir.resolve("wrong-size.bin");
    try (EddyProcess get = get("get", honest.swarmId(), "--peer", honest.address(), "--chunk-size", "2048",
        "--output", out.toString())) {
      assertThat(get.waitFor(60)).as(get.err()).isEqualTo(7);
      assertThat(get.lastErrLine()).isEqualTo("eddy: integrity failures from the peer " + honest.address()
          + ": every chunk failed verification at the first level, none matched the swarm ID. The peer may use another "
          + "chunk size than this download's 2048 bytes: try --chunk-size 1024, 8192, 4096, 16384 (libswift uses 1024 "
          + "or 8192); if none works, its data does not match the swarm ID");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  @Order(3)
  void detectsTheCorruptSeederAndCompletesFromTheHonestOne() throws Exception {
    Path out = dir.resolve("three-peers.bin");
    try (EddyProcess get = get("get", honest.swarmId(), "--peer", corrupt.address(), "--peer", honest.address(),
        "--output", out.toString(), "--timeout", "100s", "--debug")) {
      assertThat(get.waitFor(110)).as(get.lastErrLine()).isZero();
      // Which chunk the liar serves first depends on which seeder answers first; every one it serves is corrupt.
      assertThat(get.err()).containsPattern("integrity failure from /" + Pattern.quote(corrupt.address()) + " chunks \\[\\d+\\.\\.\\d+\\]");
      assertThat(get.err()).contains("closed: integrity failure");
    }
    assertThat(Files.mismatch(out, content)).isEqualTo(-1L);
  }

  @Test
  @Order(4)
  void aHandshakeForAnUnknownSwarmIsRefused() throws Exception {
    String unknown = "0123456789abcdef0123456789abcdef01234567";
    try (EddyProcess get = get("get", unknown, "--peer", honest.address(), "--output", dir.resolve("unknown.bin").toString())) {
      assertThat(get.waitFor(60)).isEqualTo(4);
      assertThat(get.lastErrLine()).isEqualTo("eddy: swarm unknown to the peer " + honest.address() + " (handshake refused)");
    }
  }

  @Test
  @Order(5)
  void aPeerThatNeverAnswersIsUnreachable() throws Exception {
    try (EddyProcess get = get("get", honest.swarmId(), "--peer", silentPeer(), "--output", dir.resolve("nobody.bin").toString())) {
      assertThat(get.waitFor(60)).isEqualTo(3);
      assertThat(get.lastErrLine()).isEqualTo("eddy: peer unreachable: no handshake reply from the peer " + silentPeer());
    }
  }

  @Test
  @Order(6)
  void stopsAtTheTimeout() throws Exception {
    try (EddyProcess get = get("get", honest.swarmId(), "--peer", silentPeer(), "--timeout", "1s",
        "--output", dir.resolve("slow.bin").toString())) {
      assertThat(get.waitFor(60)).isEqualTo(5);
      assertThat(get.lastErrLine()).isEqualTo("eddy: timeout: download not complete after 1 s (nothing received)");
    }
  }

  @Test
  @Order(7)
  void reportsAFullDisk() throws Exception {
    // A 64 KiB tmpfs, mounted in a mount namespace of the downloader's own: gone when it exits.
    Path small = Files.createDirectories(dir.resolve("small-disk"));
    Path out = small.resolve("full.bin");
    List<String> prefix = List.of("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\" && exec \"$@\"", small.toString());
    assumeTrue(new ProcessBuilder(prefix.get(0), prefix.get(1), "true").start().waitFor() == 0,
        "unshare -rm works here (user and mount namespaces)");
    try (EddyProcess get = EddyProcess.start(dir, prefix, List.of(), "get", honest.swarmId(), "--peer", honest.address(),
        "--output", out.toString())) {
      assertThat(get.waitFor(60)).as(get.err()).isEqualTo(6);
      assertThat(get.lastErrLine()).startsWith("eddy: disk full: " + (SIZE / 1024 + 1) * 1024 + " bytes needed for " + out)
          .doesNotContain("disk full: disk full");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  @Order(7)
  void aSecondGetToTheSameOutputRefusesAtOnceAndNamesTheFirst() throws Exception {
    Path out = dir.resolve("contested.bin");
    try (EddyProcess first = get("get", honest.swarmId(), "--peer", silentPeer(), "--connect-timeout", "60s",
        "--output", out.toString())) {
      Path part = dir.resolve("contested.bin.part");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(part) && first.process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(part).as(first.err()).exists();
      try (EddyProcess second = get("get", honest.swarmId(), "--peer", honest.address(), "--output", out.toString())) {
        assertThat(second.waitFor(30)).as(second.err()).isEqualTo(6);
        assertThat(second.lastErrLine()).isEqualTo("eddy: " + out + " is in use by another eddy get (pid "
            + first.process.pid() + ") (its partial file " + part + " is locked)");
      }
      assertThat(first.process.isAlive()).isTrue();
      first.process.destroy(); // kill -TERM: nothing was verified, so nothing is kept
      assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(part).doesNotExist();
    }
    assertThat(out).doesNotExist();
  }

  @Test
  @Order(7)
  void anIntegrityFailureKeepsTheVerifiedChunksForAResume() throws Exception {
    Path out = dir.resolve("half.bin");
    long corruptChunk = SIZE / 1024 / 2;
    try (EddyProcess.Seeder liar = EddyProcess.seed(dir, content, List.of("-Deddy.fault.corruptChunk=" + corruptChunk));
        EddyProcess get = get("get", liar.swarmId(), "--peer", liar.address(), "--output", out.toString())) {
      assertThat(get.waitFor(60)).as(get.err()).isEqualTo(7);
    }
    assertThat(out).doesNotExist();
    Path part = dir.resolve("half.bin.part");
    assertThat(part).exists();
    byte[] kept = Files.readAllBytes(part);
    assertThat(Arrays.mismatch(kept, 0, 1024, Files.readAllBytes(content), 0, 1024)).as("chunk 0 kept").isEqualTo(-1);
    Files.delete(part);
  }

  @Test
  @Order(7)
  void anExistingOutputIsReplacedOnlyWithForce() throws Exception {
    Path out = Files.writeString(dir.resolve("existing.bin"), "keep me");
    try (EddyProcess get = get("get", honest.swarmId(), "--peer", honest.address(), "--output", out.toString())) {
      assertThat(get.waitFor(60)).isEqualTo(2);
      assertThat(get.lastErrLine()).isEqualTo("eddy: " + out + " already exists: use --force to replace it, or another --output");
    }
    assertThat(out).hasContent("keep me");
    try (EddyProcess get = get("get", honest.swarmId(), "--peer", honest.address(), "--output", out.toString(), "--force")) {
      assertThat(get.waitFor(110)).as(get.err()).isZero();
    }
    assertThat(Files.mismatch(out, content)).isEqualTo(-1L);
  }

  @Test
  @Order(8)
  void badArgumentsAreOneLineUsageErrors() throws Exception {
    try (EddyProcess get = get("get", "not-hex", "--peer", honest.address())) {
      assertThat(get.waitFor(60)).isEqualTo(2);
      assertThat(get.err()).isEqualTo("eddy: 'not-hex' is not a swarm ID: expected 40 hex digits (a SHA-1 root hash)\n");
    }
  }
}
