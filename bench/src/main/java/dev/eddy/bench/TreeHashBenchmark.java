package dev.eddy.bench;

import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.security.DigestException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Merkle tree hashing of a 256 MiB file against raw {@link java.security.MessageDigest} on the same bytes,
 * read the same way, in the same run (see {@link HashWorkloads}). Goal: the tree at 90% of raw or better.
 *
 * <ul>
 *   <li>{@code rawDigest}: one digest over the whole file;
 *   <li>{@code chunkDigests}: one digest per chunk, nothing else (each 1024-byte chunk is 16 SHA blocks
 *       plus a padding block, so this is at most 16/17 of raw);
 *   <li>{@code merkleTreeOneThread}: {@code MerkleTree.build} on one thread (leaves, parents, hash store):
 *       the like-for-like comparison with raw;
 *   <li>{@code merkleTree}: the same with leaves hashed on every processor, what {@code eddy hash} does.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class TreeHashBenchmark {
  @Param({"sha1", "sha256"})
  String hashFunction;

  @Param({"1024"})
  int chunkSize;

  private final HashWorkloads workloads = new HashWorkloads();
  private Path file;
  private HashFunction function;

  @Setup
  public void createFile() throws IOException {
    function = HashFunction.fromName(hashFunction).orElseThrow();
    file = workloads.contentFile();
  }

  @Benchmark
  public Hash merkleTree() throws IOException {
    return workloads.merkleTree(file, function, chunkSize, Runtime.getRuntime().availableProcessors());
  }

  @Benchmark
  public Hash merkleTreeOneThread() throws IOException {
    return workloads.merkleTree(file, function, chunkSize, 1);
  }

  @Benchmark
  public byte[] rawDigest() throws IOException {
    return workloads.rawDigest(file, function);
  }

  @Benchmark
  public byte[] chunkDigests() throws IOException, DigestException {
    return workloads.chunkDigests(file, function, chunkSize);
  }
}
