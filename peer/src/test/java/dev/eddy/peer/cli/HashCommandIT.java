package dev.eddy.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.merkle.HashFunction;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code eddy hash} run as users run it: the shaded jar in its own JVM. */
class HashCommandIT {
  private static final int CHUNK = 1024;

  @TempDir Path tmp;

  /**
   * A 4 GiB (+1000 bytes) sparse file with real data in two places hashes within a 256 MiB heap, and the root
   * matches an independent, top-down computation that only hashes the non-zero regions.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void hashesFourGibibytesWithA256MibHeap() throws Exception {
    long length = (4L << 30) + 1000;
    Path file = tmp.resolve("sparse-4g.bin");
    long dataAt = (1L << 30) + 12345;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(length);
      raf.seek(dataAt);
      raf.write(random(1 << 20, 1));
      raf.seek(length - 1000);
      raf.write(random(1000, 2));
    }

    Result result = eddy("-Xmx256m", "hash", file.toString());

    assertThat(result.err()).isEmpty();
    assertThat(result.exit()).isZero();
    String expected = new SparseReference(file, length, List.of(new long[] {dataAt, dataAt + (1 << 20)},
        new long[] {length - 1000, length})).rootHex();
    assertThat(result.out().trim()).isEqualTo(expected);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void printsTheReadmeExampleAndFailsInOneLine() throws Exception {
    Result m74 = eddy("-Xmx64m", "hash", Path.of(System.getProperty("eddy.vectors"), "m74.jpg").toString());
    assertThat(m74.exit()).isZero();
    assertThat(m74.out()).isEqualTo("c89800bfc82ed01ed6e3bfd5408c51274491f7d4\n");

    Result missing = eddy("-Xmx64m", "hash", tmp.resolve("missing").toString());
    assertThat(missing.exit()).isEqualTo(6);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).isEqualTo("eddy: cannot read " + tmp.resolve("missing") + ": no such file\n");

    Result bad = eddy("-Xmx64m", "hash", "--hash-function", "sha3", "x");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().lines()).hasSize(1);
  }

  private record Result(int exit, String out, String err) {}

  private Result eddy(String heap, String... args) throws Exception {
    Path jar = Path.of(System.getProperty("eddy.root"), "peer", "target", "eddy-peer.jar");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path out = tmp.resolve("stdout");
    Path err = tmp.resolve("stderr");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    try {
      if (!process.waitFor(100, TimeUnit.SECONDS)) {
        throw new AssertionError("eddy " + String.join(" ", args) + " did not finish");
      }
    } finally {
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * Root hash of a mostly-zero file, top-down from the tree rules: a full-size subtree with no data in it
   * has the hash of an all-zero subtree of its layer; only chunks touching data are read and hashed.
   */
  private static final class SparseReference {
    private final RandomAccessFile file;
    private final long length;
    private final long chunkCount;
    private final List<long[]> dataRanges;
    private final List<byte[]> zeroSubtree = new ArrayList<>();

    SparseReference(Path path, long length, List<long[]> dataRanges) throws IOException {
      this.file = new RandomAccessFile(path.toFile(), "r");
      this.length = length;
      this.chunkCount = (length + CHUNK - 1) / CHUNK;
      this.dataRanges = dataRanges;
      byte[] hash = sha1(new byte[CHUNK]);
      for (int layer = 0; layer <= Bin.MAX_LAYER; layer++) {
        zeroSubtree.add(hash);
        hash = sha1(hash, hash);
      }
    }

    String rootHex() throws IOException {
      try (file) {
        return HexFormat.of().formatHex(hash(Bin.root(chunkCount)));
      }
    }

    private byte[] hash(long bin) throws IOException {
      long first = Bin.firstChunk(bin);
      long last = Bin.lastChunk(bin);
      if (first >= chunkCount) {
        return new byte[20];
      }
      long from = first * CHUNK;
      long to = Math.min(length, (last + 1) * CHUNK);
      boolean fullSize = to - from == (last - first + 1) * CHUNK;
      if (fullSize && dataRanges.stream().noneMatch(r -> r[0] < to && from < r[1])) {
        return zeroSubtree.get(Bin.layer(bin));
      }
      if (first == last) {
        byte[] chunk = new byte[(int) (to - from)];
        file.seek(from);
        file.readFully(chunk);
        return sha1(chunk);
      }
      return sha1(hash(Bin.leftChild(bin)), hash(Bin.rightChild(bin)));
    }

    private static byte[] sha1(byte[]... parts) {
      MessageDigest digest = HashFunction.SHA1.newDigest();
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    }
  }
}
