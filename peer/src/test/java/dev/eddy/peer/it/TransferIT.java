package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Eddy peers in separate JVMs on 127.0.0.1, real UDP: content arrives byte-exact and verified. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class TransferIT {
  private static final int MIB = 1 << 20;
  private static final int SIZE = 16 * MIB + 777;
  /** Chunk the corrupt seeder spoils (fault-injection hook of `eddy seed`). */
  private static final long CORRUPT_CHUNK = 0; // every downloader asks each peer for chunk 0 first

  @TempDir static Path dir;
  static Path content;
  static EddyProcess.Seeder honest;
  static EddyProcess.Seeder corrupt;

  @BeforeAll
  static void startSeeders() throws Exception {
    content = dir.resolve("content.bin");
    byte[] bytes = new byte[SIZE];
    new Random(7).nextBytes(bytes);
    Files.write(content, bytes);
    honest = EddyProcess.seed(dir, content, List.of());
    corrupt = EddyProcess.seed(dir, content, List.of("-Deddy.fault.corruptChunk=" + CORRUPT_CHUNK));
    assertThat(corrupt.swarmId()).isEqualTo(honest.swarmId());
  }

  @AfterAll
  static void stopSeeders() {
    if (honest != null) {
      honest.close();
    }
    if (corrupt != null) {
      corrupt.close();
    }
  }

  @Test
  void downloads16MiBByteExactFromAnotherJvm() throws Exception {
    Path out = dir.resolve("two-peers.bin");
    try (EddyProcess get = EddyProcess.start(dir, List.of(), "get", honest.swarmId(), "--peer", honest.address(),
        "--output", out.toString(), "--timeout", "100s")) {
      assertThat(get.waitFor(120)).as(get.err()).isZero();
      assertThat(get.out()).contains("Downloaded " + SIZE + " bytes to " + out, "verified against swarm ID " + honest.swarmId());
    }
    assertThat(Files.mismatch(out, content)).isEqualTo(-1L);
    assertThat(dir.resolve("two-peers.bin.part")).doesNotExist();
  }

  @Test
  void detectsTheCorruptSeederAndCompletesFromTheHonestOne() throws Exception {
    Path out = dir.resolve("three-peers.bin");
    // The corrupt seeder is listed first, so it is asked for chunks and caught lying.
    try (EddyProcess get = EddyProcess.start(dir, List.of(), "get", honest.swarmId(), "--peer", corrupt.address(),
        "--peer", honest.address(), "--output", out.toString(), "--timeout", "100s", "--debug")) {
      assertThat(get.waitFor(120)).as(get.err()).isZero();
      assertThat(get.err()).contains("integrity failure from /" + corrupt.address() + " chunks [" + CORRUPT_CHUNK + ".." + CORRUPT_CHUNK + "]");
    }
    assertThat(Files.mismatch(out, content)).isEqualTo(-1L);
  }
}
