package dev.eddy.peer.merkle;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinTask;

/**
 * The complete hash tree of some content, as a seeder holds it (RFC 7574 §5): root hash (= swarm ID), peak
 * hashes, and every hash needed to prove a chunk.
 *
 * <p>Tree rules (they reproduce libswift's swarm IDs): leaf = H(chunk bytes, the last chunk at its real
 * length); parent = H(left || right); the tree is the smallest complete binary tree covering all chunks; an
 * empty subtree hashes to all zero bytes. Empty content has no chunks and an all-zero root hash.
 *
 * <p>Building streams the content through a bounded buffer; only the hashes are kept, on the heap for small
 * trees and in a memory-mapped file (in shared memory where the system has it) beyond {@value
 * NodeStore#HEAP_LIMIT_BYTES} bytes. Immutable once built and safe to read from any thread.
 */
public final class MerkleTree {
  /** Read size while building: large enough for few system calls, small enough for any heap. */
  static final int READ_BUFFER_BYTES = 1 << 20;

  private final HashFunction function;
  private final ContentLayout layout;
  private final TreeShape shape;
  private final NodeStore nodes;
  private final Hash rootHash;

  private MerkleTree(HashFunction function, ContentLayout layout, NodeStore nodes) {
    this.function = function;
    this.layout = layout;
    this.shape = new TreeShape(layout.chunkCount());
    this.nodes = nodes;
    this.rootHash = layout.chunkCount() == 0 ? Hash.zero(function) : hash(shape.rootBin());
  }

  /** Hashes a whole file. */
  public static MerkleTree build(Path file, int chunkSize, HashFunction function) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return build(channel, channel.size(), chunkSize, function);
    }
  }

  /**
   * Hashes exactly {@code contentLength} bytes read from {@code content}; fails with {@link EOFException} if
   * it ends sooner (a file truncated while being hashed).
   */
  public static MerkleTree build(
      ReadableByteChannel content, long contentLength, int chunkSize, HashFunction function)
      throws IOException {
    return build(content, contentLength, chunkSize, function, Runtime.getRuntime().availableProcessors());
  }

  /** Like {@link #build(ReadableByteChannel, long, int, HashFunction)}, hashing leaves on {@code threads} threads. */
  public static MerkleTree build(
      ReadableByteChannel content, long contentLength, int chunkSize, HashFunction function, int threads)
      throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads " + threads + " must be at least 1");
    }
    ContentLayout layout = new ContentLayout(contentLength, chunkSize);
    TreeShape shape = new TreeShape(layout.chunkCount());
    NodeStore nodes = NodeStore.allocate(shape.slotCount(), function.length());
    new Builder(function, layout, nodes, threads).hashAll(content);
    return new MerkleTree(function, layout, nodes);
  }

  /**
   * Reads a tree that {@link #writeHashes} wrote for content of this layout: {@link #slotCount()} hashes, each
   * as wide as the function's. Nothing is checked here; the caller compares the root with the one it expects.
   */
  public static MerkleTree readHashes(ReadableByteChannel in, ContentLayout layout, HashFunction function)
      throws IOException {
    TreeShape shape = new TreeShape(layout.chunkCount());
    int width = function.length();
    NodeStore nodes = NodeStore.allocate(shape.slotCount(), width);
    ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES / width * width);
    byte[] hash = new byte[width];
    for (long slot = 0; slot < shape.slotCount(); ) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), (shape.slotCount() - slot) * width));
      while (buffer.hasRemaining()) {
        if (in.read(buffer) < 0) {
          throw new EOFException("hashes ended after " + slot + " of " + shape.slotCount());
        }
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        buffer.get(hash);
        nodes.write(slot++, hash, 0);
      }
    }
    return new MerkleTree(function, layout, nodes);
  }

  /** Writes every stored hash, in bin order: what {@link #readHashes} reads back without hashing the content. */
  public void writeHashes(WritableByteChannel out) throws IOException {
    int width = function.length();
    ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES / width * width);
    byte[] hash = new byte[width];
    for (long slot = 0; slot < shape.slotCount(); slot++) {
      nodes.read(slot, hash, 0);
      buffer.put(hash);
      if (!buffer.hasRemaining() || slot == shape.slotCount() - 1) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        buffer.clear();
      }
    }
  }

  /** Number of stored hashes: one per full bin, {@code 2 * chunkCount - 1}. */
  public long slotCount() {
    return shape.slotCount();
  }

  public HashFunction hashFunction() {
    return function;
  }

  public ContentLayout layout() {
    return layout;
  }

  public long chunkCount() {
    return layout.chunkCount();
  }

  /** The root hash, which is the swarm ID. */
  public Hash rootHash() {
    return rootHash;
  }

  /** Peak hashes, left to right (what a seeder sends first, RFC 7574 §5.3). Empty for empty content. */
  public List<BinHash> peaks() {
    return hashes(shape.peaks);
  }

  /** The peak bins, left to right. */
  public long[] peakBins() {
    return shape.peaks.clone();
  }

  /** The hash of any bin: stored for full bins, zero for empty ones, computed for peak ancestors. */
  public Hash hash(long bin) {
    byte[] target = new byte[function.length()];
    copyHash(bin, target, 0);
    return Hash.of(target);
  }

  /** Writes the hash of {@code bin} into {@code target} at {@code offset}, without allocating for full bins. */
  public void copyHash(long bin, byte[] target, int offset) {
    if (shape.isEmpty(bin)) {
      Arrays.fill(target, offset, offset + function.length(), (byte) 0);
    } else if (shape.isFull(bin)) {
      nodes.read(bin, target, offset);
    } else {
      // An ancestor of a peak: at most one per layer, needed for the root and rarely otherwise.
      byte[] children = new byte[2 * function.length()];
      copyHash(Bin.leftChild(bin), children, 0);
      copyHash(Bin.rightChild(bin), children, function.length());
      new NodeDigest(function).parent(children, 0, children, function.length(), target, offset);
    }
  }

  /** The uncle bins that prove {@code chunk} against its peak, bottom-up (sibling of the chunk first). */
  public long[] uncleBins(long chunk) {
    return shape.uncles(chunk);
  }

  /**
   * Everything a receiver that knows only the root needs to verify {@code chunk}, in the order libswift
   * sends INTEGRITY messages: all peaks left to right, then the uncles from the top of the tree down.
   */
  public List<BinHash> proof(long chunk) {
    return hashes(ReceiverKnowledge.proofBins(shape, chunk, null));
  }

  /** Like {@link #proof(long)}, minus the hashes {@code receiver} already holds. */
  public List<BinHash> proof(long chunk, ReceiverKnowledge receiver) {
    if (receiver.chunkCount() != chunkCount()) {
      throw new IllegalArgumentException(
          "receiver tracks " + receiver.chunkCount() + " chunks, this tree has " + chunkCount());
    }
    return hashes(receiver.binsToSend(chunk));
  }

  private List<BinHash> hashes(long[] bins) {
    List<BinHash> hashes = new ArrayList<>(bins.length);
    for (long bin : bins) {
      hashes.add(new BinHash(bin, hash(bin)));
    }
    return hashes;
  }

  /**
   * Streams the content once: leaf hashes as chunks complete, each parent as soon as its right child is.
   * When a read holds many whole chunks, their leaves are hashed by several threads (the caller and the
   * common fork-join pool); parents, about one hash in eighteen at 1 KiB chunks, stay on the caller.
   */
  private static final class Builder {
    private final NodeDigest digest;
    private final NodeDigest[] leafDigests;
    private final ContentLayout layout;
    private final NodeStore nodes;
    private final int width;
    /** Per layer, the hash of the latest left child still waiting for its right sibling. */
    private final byte[] pendingLeft;
    /** A left hash then the current node's hash, so a parent is hashed from one contiguous run. */
    private final byte[] pair;

    Builder(HashFunction function, ContentLayout layout, NodeStore nodes, int threads) {
      this.digest = new NodeDigest(function);
      this.leafDigests = new NodeDigest[threads];
      for (int i = 0; i < threads; i++) {
        leafDigests[i] = new NodeDigest(function);
      }
      this.layout = layout;
      this.nodes = nodes;
      this.width = function.length();
      this.pendingLeft = new byte[(Bin.MAX_LAYER + 1) * width];
      this.pair = new byte[2 * width];
    }

    void hashAll(ReadableByteChannel content) throws IOException {
      long total = layout.contentLength();
      if (total == 0) {
        return;
      }
      int chunkSize = layout.chunkSize();
      // Reads of whole chunks when a chunk fits the buffer; otherwise chunks stream through the digest.
      boolean wholeChunks = chunkSize <= READ_BUFFER_BYTES;
      int bufferBytes = wholeChunks ? READ_BUFFER_BYTES / chunkSize * chunkSize : READ_BUFFER_BYTES;
      byte[] buffer = new byte[(int) Math.min(bufferBytes, total)];
      byte[] leaves = wholeChunks ? new byte[buffer.length / chunkSize * width + width] : null;
      ByteBuffer view = ByteBuffer.wrap(buffer);
      long read = 0;
      long chunk = 0;
      int fed = 0; // streaming only: bytes of the current chunk already in the digest
      while (read < total) {
        view.clear().limit((int) Math.min(buffer.length, total - read));
        while (view.hasRemaining()) {
          if (content.read(view) < 0) {
            throw new EOFException(
                "content ended after " + (read + view.position()) + " of " + total + " bytes");
          }
        }
        int filled = view.position();
        read += filled;
        if (wholeChunks) {
          int count = hashLeaves(buffer, filled, leaves);
          for (int i = 0; i < count; i++) {
            System.arraycopy(leaves, i * width, pair, width, width);
            onLeaf(chunk++);
          }
          continue;
        }
        for (int at = 0; at < filled; ) {
          int take = Math.min(filled - at, layout.length(chunk) - fed);
          digest.update(buffer, at, take);
          at += take;
          fed += take;
          if (fed == layout.length(chunk)) {
            digest.finish(pair, width);
            onLeaf(chunk++);
            fed = 0;
          }
        }
      }
    }

    /** Hashes the whole chunks in {@code buffer[0, filled)} into {@code leaves}; returns how many. */
    private int hashLeaves(byte[] buffer, int filled, byte[] leaves) {
      int chunkSize = layout.chunkSize();
      int count = (filled + chunkSize - 1) / chunkSize;
      int slices = Math.min(leafDigests.length, count);
      List<ForkJoinTask<?>> others = new ArrayList<>(slices);
      for (int s = 1; s < slices; s++) {
        int slice = s;
        others.add(ForkJoinTask.adapt(() -> hashSlice(slice, slices, count, buffer, filled, leaves)).fork());
      }
      hashSlice(0, slices, count, buffer, filled, leaves);
      for (ForkJoinTask<?> task : others) {
        task.join();
      }
      return count;
    }

    private void hashSlice(int slice, int slices, int count, byte[] buffer, int filled, byte[] leaves) {
      NodeDigest leafDigest = leafDigests[slice];
      int chunkSize = layout.chunkSize();
      for (int i = count * slice / slices, end = count * (slice + 1) / slices; i < end; i++) {
        int from = i * chunkSize;
        leafDigest.update(buffer, from, Math.min(chunkSize, filled - from));
        leafDigest.finish(leaves, i * width);
      }
    }

    /** Stores the leaf (in the right half of {@link #pair}) and every parent it completes. */
    private void onLeaf(long chunk) {
      long bin = chunk << 1;
      nodes.write(bin, pair, width);
      int layer = 0;
      while (((bin >>> (layer + 1)) & 1) == 1) { // a right child: its left sibling is pending
        System.arraycopy(pendingLeft, layer * width, pair, 0, width);
        digest.update(pair, 0, 2 * width); // one update of left || right costs less than two
        digest.finish(pair, width);
        bin -= 1L << layer; // the parent of a right child sits 2^layer to its left
        layer++;
        nodes.write(bin, pair, width);
      }
      System.arraycopy(pair, width, pendingLeft, layer * width, width);
    }
  }
}
