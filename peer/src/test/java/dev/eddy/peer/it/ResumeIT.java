package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not starting from scratch, with real {@code eddy} JVMs on 127.0.0.1: a download killed with SIGKILL continues
 * from its checkpoint when the same command runs again; one stopped by SIGTERM saves a checkpoint as it exits; a
 * checkpoint of another swarm or a corrupted one is refused and the partial file re-verified; a seeder reads the
 * tree it cached unless the file changed.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ResumeIT {
  private static final int CHUNK = 1024;
  /** How a JVM ends on SIGTERM once its shutdown hooks ran: 128 + 15. */
  private static final int EXIT_SIGTERM = 143;
  private static final Pattern RESUMING = Pattern.compile("Resuming from checkpoint \\S+: (\\d+) of (\\d+) chunks verified");
  private static final Pattern RECEIVED =
      Pattern.compile("Received (\\d+) bytes of chunk data from peers; (\\d+) chunks were already in the partial file");
  private static final Pattern SWARM = Pattern.compile("Swarm ID: ([0-9a-f]+)");

  @TempDir Path dir;

  @Test
  void aDownloadKilledWithSigkillContinuesFromItsCheckpoint() throws Exception {
    int size = 3 << 20;
    Path content = content("content.bin", size, 1);
    Path output = dir.resolve("out.bin");
    Path checkpoint = dir.resolve("out.bin.part.checkpoint");
    // Held to 512 KiB/s, the seeder makes the download last about 6 s: the kill lands in the middle.
    try (EddyProcess.Seeder seeder = EddyProcess.seed(dir, content, List.of(), "--max-upload-rate", "512k")) {
      String[] get = {"get", seeder.swarmId(), "--peer", seeder.address(), "--output", output.toString(), "--timeout", "100s"};
      EddyProcess first = EddyProcess.start(dir, List.of(), get);
      awaitFile(checkpoint, first);
      Thread.sleep(1000);
      first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no last checkpoint
      assertThat(first.waitFor(10)).as("killed, not finished: %s", first.out()).isEqualTo(137);
      assertThat(output).doesNotExist();

      EddyProcess second = EddyProcess.start(dir, List.of(), get);
      assertThat(second.waitFor(100)).as(second.err()).isZero();
      Matcher resuming = RESUMING.matcher(second.err());
      assertThat(resuming.find()).as(second.err()).isTrue();
      long held = Long.parseLong(resuming.group(1));
      assertThat(held).as(resuming.group()).isPositive().isLessThan(Long.parseLong(resuming.group(2)));
      assertThat(Files.mismatch(output, content)).isEqualTo(-1L);
      assertThat(checkpoint).as("removed once complete").doesNotExist();

      Matcher received = RECEIVED.matcher(second.out());
      assertThat(received.find()).as(second.out()).isTrue();
      long missing = size - held * CHUNK; // at most what the checkpoint lacked
      assertThat(Long.parseLong(received.group(1))).as("%s after %s", received.group(), resuming.group())
          .isLessThanOrEqualTo(missing + missing / 20);
      assertThat(Long.parseLong(received.group(2))).isEqualTo(held);
    }
  }

  @Test
  void staleAndCorruptCheckpointsAreRefusedAndThePartialFileReverified() throws Exception {
    int size = 2 << 20;
    Path a = content("a.bin", size, 2);
    Path b = content("b.bin", size, 3);
    Path output = dir.resolve("out.bin");
    Path checkpoint = dir.resolve("out.bin.part.checkpoint");
    EddyProcess seeder = EddyProcess.start(dir, List.of(), "seed", a.toString(), b.toString(), "--listen", "127.0.0.1:0",
        "--max-upload-rate", "512k");
    try {
      String address = awaitLine(seeder, Pattern.compile("Listening on udp (\\S+) "));
      Matcher ids = SWARM.matcher(seeder.out());
      assertThat(ids.find()).isTrue();
      String idA = ids.group(1);
      assertThat(ids.find()).isTrue();
      String idB = ids.group(1);

      // Part of B, stopped by SIGTERM once checkpointed: the clean exit saves a last checkpoint, for swarm B.
      EddyProcess partOfB = EddyProcess.start(dir, List.of(), "get", idB, "--peer", address, "--output", output.toString());
      awaitFile(checkpoint, partOfB);
      partOfB.process.destroy();
      assertThat(partOfB.waitFor(30)).as(partOfB.err()).isEqualTo(EXIT_SIGTERM);
      Object checkpointOfB = fileKey(checkpoint);

      // A to the same output: B's checkpoint is stale, and none of A's chunks is in the file yet.
      EddyProcess partOfA = EddyProcess.start(dir, List.of(), "get", idA, "--peer", address, "--output", output.toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (fileKey(checkpoint).equals(checkpointOfB)) { // renamed over B's once A's first chunks are saved
        assertThat(partOfA.process.isAlive()).as(partOfA.err()).isTrue();
        assertThat(System.nanoTime()).as("A saved no checkpoint").isLessThan(deadline);
        Thread.sleep(50);
      }
      Thread.sleep(2000); // a good part of A, so that whole subtrees of the file can be re-verified
      partOfA.process.destroy();
      assertThat(partOfA.waitFor(30)).as(partOfA.err()).isEqualTo(EXIT_SIGTERM);
      assertThat(partOfA.err()).contains("checkpoint " + checkpoint + " rejected: stale: it belongs to swarm " + idB + ", not " + idA)
          .contains("re-verifying the " + size / CHUNK + " chunks of " + dir.resolve("out.bin.part"));

      // One byte of A's checkpoint flipped: refused as corrupt, and A's chunks in the file are kept after re-verifying.
      try (FileChannel ch = FileChannel.open(checkpoint, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
        ch.read(one, ch.size() / 2);
        one.put(0, (byte) ~one.get(0));
        ch.write(one.flip(), ch.size() / 2);
      }
      EddyProcess rest = EddyProcess.start(dir, List.of(), "get", idA, "--peer", address, "--output", output.toString(), "--timeout", "100s");
      assertThat(rest.waitFor(100)).as(rest.err()).isZero();
      assertThat(rest.err()).contains("checkpoint " + checkpoint + " rejected: corrupt: checksum mismatch (CRC32C)")
          .contains("re-verifying");
      assertThat(Files.mismatch(output, a)).isEqualTo(-1L);
      Matcher received = RECEIVED.matcher(rest.out());
      assertThat(received.find()).as(rest.out()).isTrue();
      long kept = Long.parseLong(received.group(2));
      assertThat(kept).as("chunks of A re-verified in the partial file").isPositive();
      // Chunks of A requested before the part of the file holding them verified come again (counted as received).
      assertThat(Long.parseLong(received.group(1))).as(received.group()).isLessThan(size);
    } finally {
      seeder.close();
    }
  }

  @Test
  void aSeederReadsItsCachedTreeUntilTheFileChanges() throws Exception {
    Path content = content("cached.bin", 1 << 20, 4);
    Path cache = dir.resolve(".cached.bin.1024-sha1.eddytree");
    String first = seedOnce(content);
    assertThat(first).containsPattern("SHA-1 Merkle tree hashed in [0-9.]+ s, cached in " + Pattern.quote(cache.toString()));
    String second = seedOnce(content);
    assertThat(second).containsPattern("SHA-1 Merkle tree read in [0-9.]+ s from the cache " + Pattern.quote(cache.toString()));
    assertThat(swarmId(second)).isEqualTo(swarmId(first));

    Files.setLastModifiedTime(content, FileTime.fromMillis(Files.getLastModifiedTime(content).toMillis() + 2000));
    String third = seedOnce(content);
    assertThat(third).contains("cached tree " + cache + " not used (the file changed since it was hashed)")
        .containsPattern("SHA-1 Merkle tree hashed in [0-9.]+ s, cached in " + Pattern.quote(cache.toString()));
    assertThat(swarmId(third)).isEqualTo(swarmId(first));
  }

  private String seedOnce(Path content) throws Exception {
    try (EddyProcess.Seeder seeder = EddyProcess.seed(dir, content, List.of())) {
      return seeder.process().out();
    }
  }

  private static String swarmId(String seedOutput) {
    Matcher m = SWARM.matcher(seedOutput);
    assertThat(m.find()).as(seedOutput).isTrue();
    return m.group(1);
  }

  private Path content(String name, int size, long seed) throws Exception {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return Files.write(dir.resolve(name), bytes);
  }

  private static void awaitFile(Path file, EddyProcess process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file)) {
      assertThat(process.process.isAlive()).as("%s gone before %s appeared: %s", process, file, process.err()).isTrue();
      assertThat(System.nanoTime()).as("%s never appeared", file).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static Object fileKey(Path file) throws Exception {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  private static String awaitLine(EddyProcess process, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Matcher m = pattern.matcher(process.out());
      if (m.find()) {
        return m.group(1);
      }
      assertThat(process.process.isAlive()).as("exited: %s", process.err()).isTrue();
      assertThat(System.nanoTime()).as("no %s in %s", pattern, process.out()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
