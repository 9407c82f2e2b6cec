package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eddy peers in separate JVMs on 127.0.0.1 over real UDP: two seeders (one honest, one serving a corrupted
 * chunk through the fault-injection hook) and one downloader JVM per test, plus every way {@code eddy get}
 * can fail, with its exit code and its one line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeerIT {
  private static final int SIZE = 16 * (1 << 20) + 777;
  /** Every downloader asks each peer for chunk 0 first (its DATA brings the peak hashes). */
  private static final long CORRUPT_CHUNK = 0;

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
    corrupt = EddyProcess.seed(dir, content, List.of("-Deddy.fault.corruptChunk=" + CORRUPT_CHUNK));
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
      assertThat(get.lastErrLine()).isEqualTo(
          "eddy: integrity failures from the peer " + corrupt.address() + ": their data does not match the swarm ID");
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
      assertThat(get.err()).contains("integrity failure from /" + corrupt.address() + " chunks [" + CORRUPT_CHUNK + ".." + CORRUPT_CHUNK + "]");
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
    Path out = dir.resolve("full.bin");
    // The kernel answers every write to /dev/full with ENOSPC, exactly as a full file system does.
    Path link = Files.createSymbolicLink(dir.resolve("full.bin.part"), Path.of("/dev/full"));
    try (EddyProcess get = get("get", honest.swarmId(), "--peer", honest.address(), "--output", out.toString())) {
      assertThat(get.waitFor(60)).isEqualTo(6);
      assertThat(get.lastErrLine()).startsWith("eddy: disk full: ");
    } finally {
      Files.delete(link);
    }
    assertThat(out).doesNotExist();
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
