package dev.eddy.bench;

import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Random;

/**
 * The hashing workloads compared by the tree-hashing benchmarks, all reading the same file the same way
 * (1 MiB positional reads, from the page cache once warm).
 */
final class HashWorkloads {
  static final long FILE_BYTES = 256L << 20;
  static final int READ_BYTES = 1 << 20;

  private final byte[] buffer = new byte[READ_BYTES];

  /** The 256 MiB file of random bytes in the temp directory, written on first use. */
  Path contentFile() throws IOException {
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "eddy-bench-256m.bin");
    if (!Files.exists(file) || Files.size(file) != FILE_BYTES) {
      Random random = new Random(7574);
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        for (long written = 0; written < FILE_BYTES; written += READ_BYTES) {
          random.nextBytes(buffer);
          out.write(ByteBuffer.wrap(buffer));
        }
      }
    }
    return file;
  }

  /** One digest over the whole file: the ceiling for any hashing of these bytes. */
  byte[] rawDigest(Path file, HashFunction function) throws IOException {
    MessageDigest digest = function.newDigest();
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer view = ByteBuffer.wrap(buffer);
      long position = 0;
      int read;
      while ((read = in.read(view.clear(), position)) > 0) {
        digest.update(buffer, 0, read);
        position += read;
      }
    }
    return digest.digest();
  }

  /** One digest per chunk and nothing else: what leaf hashing alone costs (padding block included). */
  byte[] chunkDigests(Path file, HashFunction function, int chunkSize) throws IOException, DigestException {
    MessageDigest digest = function.newDigest();
    byte[] leaf = new byte[function.length()];
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer view = ByteBuffer.wrap(buffer);
      long position = 0;
      int read;
      while ((read = in.read(view.clear(), position)) > 0) {
        for (int at = 0; at < read; at += chunkSize) {
          digest.update(buffer, at, Math.min(chunkSize, read - at));
          digest.digest(leaf, 0, leaf.length);
        }
        position += read;
      }
    }
    return leaf;
  }

  /** The whole Merkle tree, leaves hashed on {@code threads} threads. */
  Hash merkleTree(Path file, HashFunction function, int chunkSize, int threads) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      return MerkleTree.build(in, in.size(), chunkSize, function, threads).rootHash();
    }
  }
}
