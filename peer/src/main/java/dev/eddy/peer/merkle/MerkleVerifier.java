package dev.eddy.peer.merkle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A downloader's side of the hash tree (RFC 7574 §5.5): it starts from the root hash alone (the swarm ID),
 * accepts the peak hashes once they combine to that root (which also fixes the number of chunks), then
 * verifies each chunk from its bytes and the uncle hashes that came with it. Every hash on a verified path
 * is remembered, so later chunks need fewer uncles, and a hash that has not been verified is never trusted.
 *
 * <p>Not thread-safe: one per download, used from one thread.
 */
public final class MerkleVerifier {
  /** What became of a chunk handed to {@link #verify}. */
  public enum Result {
    /** The chunk's hash leads to a verified node: the bytes are good. */
    VERIFIED,
    /** The hashes do not match: bytes or uncles are wrong. Nothing was remembered. */
    HASH_MISMATCH,
    /** An uncle needed for this chunk was neither offered nor known; see {@link #missingHashes}. */
    MISSING_HASHES,
    /** No peak hashes that combine to the root have been accepted yet. */
    PEAKS_UNKNOWN,
    /** The chunk number is past the end of the content. */
    OUT_OF_RANGE,
    /** The chunk is not exactly the chunk size (or, the last one, between 1 byte and the chunk size). */
    BAD_LENGTH
  }

  /**
   * The verified part of a tree, copied out of a verifier: which bins are known ({@code known}, indexed by
   * bin, {@code 2 * chunkCount - 1} bits) and their hashes, in bin order, concatenated. What a resume
   * checkpoint saves; the snapshot owns its copies.
   */
  public record Snapshot(long chunkCount, LongBitSet known, byte[] hashes) {}

  /** Default bound on the content size peaks may claim: 2^31 chunks (2 TiB at 1 KiB chunks). */
  public static final long DEFAULT_MAX_CHUNK_COUNT = 1L << 31;

  private final Hash rootHash;
  private final HashFunction function;
  private final int chunkSize;
  private final long maxChunkCount;
  private final NodeDigest digest;
  private final int width;

  // Set once the peaks are accepted.
  private TreeShape shape;
  private NodeStore nodes;
  private LongBitSet known;

  // Scratch for one verification: the path up from the chunk, committed only if it reaches a known node.
  private final long[] pathBins = new long[2 * (Bin.MAX_LAYER + 1)];
  private final byte[] pathHashes;
  private final byte[] current;

  public MerkleVerifier(Hash rootHash, HashFunction function, int chunkSize) {
    this(rootHash, function, chunkSize, DEFAULT_MAX_CHUNK_COUNT);
  }

  /**
   * A verifier that refuses peaks claiming more than {@code maxChunkCount} chunks. The bound matters because
   * zero-padding makes the size ambiguous: a single peak equal to the root, at any layer, also combines to
   * the root, so a lying peer could otherwise make the verifier size its hash store for 2^62 chunks.
   */
  public MerkleVerifier(Hash rootHash, HashFunction function, int chunkSize, long maxChunkCount) {
    if (maxChunkCount < 1) {
      throw new IllegalArgumentException("max chunk count " + maxChunkCount + " must be positive");
    }
    if (rootHash.length() != function.length()) {
      throw new IllegalArgumentException(
          "root hash has " + rootHash.length() + " bytes, " + function + " hashes have " + function.length());
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunk size " + chunkSize + " must be positive");
    }
    this.rootHash = rootHash;
    this.function = function;
    this.chunkSize = chunkSize;
    this.maxChunkCount = maxChunkCount;
    this.digest = new NodeDigest(function);
    this.width = function.length();
    this.pathHashes = new byte[pathBins.length * width];
    this.current = new byte[width];
  }

  public Hash rootHash() {
    return rootHash;
  }

  public HashFunction hashFunction() {
    return function;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public boolean hasPeaks() {
    return shape != null;
  }

  /** Number of chunks, known once the peaks are accepted; -1 before. */
  public long chunkCount() {
    return shape == null ? -1 : shape.chunkCount;
  }

  /** The accepted peak hashes, left to right; empty before they are accepted. */
  public List<BinHash> peaks() {
    List<BinHash> peaks = new ArrayList<>();
    if (shape != null) {
      for (long peak : shape.peaks) {
        peaks.add(new BinHash(peak, storedHash(peak)));
      }
    }
    return peaks;
  }

  /**
   * Looks for the peaks among {@code hashes} (INTEGRITY messages in arrival order, peaks first as every
   * seeder sends them, uncles possibly after): the leading hashes that tile chunks from 0 with strictly
   * shrinking bins, claim at most the maximum chunk count and combine to the root. Returns true if the
   * peaks are (now or already) known. Accepting sizes the hash store for every node of the tree, which
   * throws {@link java.io.UncheckedIOException} if that memory cannot be mapped.
   */
  public boolean acceptPeaks(List<BinHash> hashes) {
    if (shape != null) {
      return true;
    }
    long nextChunk = 0;
    for (int count = 1; count <= hashes.size(); count++) {
      BinHash candidate = hashes.get(count - 1);
      long bin = candidate.bin();
      boolean shrinking = count == 1 || Bin.layer(bin) < Bin.layer(hashes.get(count - 2).bin());
      if (Bin.firstChunk(bin) != nextChunk || !shrinking || candidate.hash().length() != width) {
        return false; // no longer shaped like peaks: what follows are uncles
      }
      nextChunk = Bin.lastChunk(bin) + 1;
      if (nextChunk > maxChunkCount) {
        return false;
      }
      List<BinHash> peaks = hashes.subList(0, count);
      if (rootOf(peaks, nextChunk).equals(rootHash)) {
        install(peaks, nextChunk);
        return true;
      }
    }
    return false;
  }

  /** The root hash that {@code peaks}, the peaks of {@code chunkCount} chunks, combine to. */
  private Hash rootOf(List<BinHash> peaks, long chunkCount) {
    byte[] zero = new byte[width];
    int next = peaks.size() - 1;
    long node = peaks.get(next).bin();
    peaks.get(next--).hash().copyTo(current, 0);
    long root = Bin.root(chunkCount);
    byte[] left = new byte[width];
    while (node != root) {
      if (Bin.isLeft(node)) {
        digest.parent(current, 0, zero, 0, current, 0); // everything to its right is past the end
      } else {
        peaks.get(next--).hash().copyTo(left, 0); // by shape, the previous peak is the left sibling
        digest.parent(left, 0, current, 0, current, 0);
      }
      node = Bin.parent(node);
    }
    return Hash.of(current);
  }

  private void install(List<BinHash> peaks, long chunkCount) {
    TreeShape newShape = new TreeShape(chunkCount);
    nodes = NodeStore.allocate(newShape.slotCount(), width);
    known = new LongBitSet(newShape.slotCount());
    for (BinHash peak : peaks) {
      peak.hash().copyTo(current, 0);
      remember(peak.bin(), current, 0);
    }
    shape = newShape;
  }

  /**
   * A verifier that continues from {@code snapshot}, taken from one with the same root hash, function and chunk
   * size. The snapshot is checked as far as it can be without the content: its shape, and that its peaks combine
   * to the root.
   *
   * @throws IllegalArgumentException naming what does not fit
   */
  public static MerkleVerifier restore(Hash rootHash, HashFunction function, int chunkSize, Snapshot snapshot) {
    MerkleVerifier v = new MerkleVerifier(rootHash, function, chunkSize);
    long count = snapshot.chunkCount();
    if (count < 1 || count > DEFAULT_MAX_CHUNK_COUNT) {
      throw new IllegalArgumentException("chunk count " + count + " out of range");
    }
    TreeShape shape = new TreeShape(count);
    if (snapshot.known().size() != shape.slotCount()
        || snapshot.hashes().length != snapshot.known().cardinality() * v.width) {
      throw new IllegalArgumentException("the hashes do not fit a tree of " + count + " chunks");
    }
    List<BinHash> peaks = new ArrayList<>();
    for (long peak : shape.peaks) {
      if (!snapshot.known().get(peak)) {
        throw new IllegalArgumentException("peak " + Bin.toString(peak) + " is missing");
      }
    }
    v.nodes = NodeStore.allocate(shape.slotCount(), v.width);
    v.known = LongBitSet.fromWords(shape.slotCount(), snapshot.known().toWords());
    int at = 0;
    for (long bin = v.known.nextSetBit(0); bin >= 0; bin = v.known.nextSetBit(bin + 1), at += v.width) {
      v.nodes.write(bin, snapshot.hashes(), at);
    }
    for (long peak : shape.peaks) {
      byte[] hash = new byte[v.width];
      v.nodes.read(peak, hash, 0);
      peaks.add(new BinHash(peak, Hash.of(hash)));
    }
    if (!v.rootOf(peaks, count).equals(rootHash)) {
      throw new IllegalArgumentException("its peak hashes do not combine to the swarm ID");
    }
    v.shape = shape;
    return v;
  }

  /** A copy of everything verified so far (see {@link Snapshot}). */
  public Snapshot snapshot() {
    requirePeaks();
    byte[] hashes = new byte[Math.toIntExact(known.cardinality() * width)];
    int at = 0;
    // Run by run: the event loop copies the whole verified tree for every checkpoint (once a second).
    for (long first = known.nextSetBit(0); first >= 0; first = known.nextSetBit(first)) {
      int count = (int) (known.nextClearBit(first) - first);
      nodes.read(first, count, hashes, at);
      first += count;
      at += count * width;
    }
    return new Snapshot(shape.chunkCount, LongBitSet.fromWords(known.size(), known.toWords()), hashes);
  }

  /**
   * Takes every hash under {@code bin} from {@code local}, a tree hashed from bytes on disk, if its hash of
   * {@code bin} equals the verified one: the bytes under {@code bin} are then the content's. This is how a
   * partial file is trusted again without a checkpoint, one verified subtree at a time. Returns whether it did.
   */
  public boolean adopt(long bin, MerkleTree local) {
    if (!knows(bin) || local.chunkCount() != shape.chunkCount || local.hashFunction() != function
        || !local.hash(bin).equals(storedHash(bin))) {
      return false;
    }
    byte[] hash = new byte[width];
    for (long b = 2 * Bin.firstChunk(bin), last = 2 * Bin.lastChunk(bin); b <= last; b++) {
      local.copyHash(b, hash, 0);
      remember(b, hash, 0);
    }
    return true;
  }

  /**
   * Verifies one chunk. {@code data}'s remaining bytes are the chunk (its position is left unchanged);
   * {@code integrity} holds the hashes that came with it (the peaks are taken from it if still unknown).
   * Offered hashes are used only where no verified hash exists, and remembered only if the chunk verifies.
   */
  public Result verify(long chunk, ByteBuffer data, List<BinHash> integrity) {
    if (shape == null && !acceptPeaks(integrity)) {
      return Result.PEAKS_UNKNOWN;
    }
    if (chunk < 0 || chunk >= shape.chunkCount) {
      return Result.OUT_OF_RANGE;
    }
    int length = data.remaining();
    boolean last = chunk == shape.chunkCount - 1;
    if (last ? length < 1 || length > chunkSize : length != chunkSize) {
      return Result.BAD_LENGTH;
    }
    long node = Bin.ofChunk(chunk);
    digest.leaf(data, current, 0);
    int pathLength = 0;
    while (!known.get(node)) {
      pathBins[pathLength] = node;
      System.arraycopy(current, 0, pathHashes, pathLength++ * width, width);
      long sibling = Bin.sibling(node);
      int siblingAt = pathLength * width;
      if (known.get(sibling)) {
        nodes.read(sibling, pathHashes, siblingAt);
      } else if (!findOffered(integrity, sibling, pathHashes, siblingAt)) {
        return Result.MISSING_HASHES;
      }
      pathBins[pathLength++] = sibling;
      if (Bin.isLeft(node)) {
        digest.parent(current, 0, pathHashes, siblingAt, current, 0);
      } else {
        digest.parent(pathHashes, siblingAt, current, 0, current, 0);
      }
      node = Bin.parent(node);
    }
    nodes.read(node, pathHashes, pathLength * width);
    if (!Arrays.equals(current, 0, width, pathHashes, pathLength * width, (pathLength + 1) * width)) {
      return Result.HASH_MISMATCH;
    }
    for (int i = 0; i < pathLength; i++) {
      remember(pathBins[i], pathHashes, i * width);
    }
    return Result.VERIFIED;
  }

  private boolean findOffered(List<BinHash> integrity, long bin, byte[] target, int offset) {
    for (BinHash offered : integrity) {
      if (offered.bin() == bin && offered.hash().length() == width) {
        offered.hash().copyTo(target, offset);
        return true;
      }
    }
    return false;
  }

  /**
   * The uncle bins this verifier still lacks to verify {@code chunk}, bottom-up: what a seeder must send
   * with it. Empty when the chunk's own hash is already known (an uncle of an earlier chunk).
   */
  public long[] missingHashes(long chunk) {
    requirePeaks();
    shape.checkChunk(chunk);
    long[] missing = new long[Bin.MAX_LAYER];
    int count = 0;
    for (long node = Bin.ofChunk(chunk); !known.get(node); node = Bin.parent(node)) {
      long sibling = Bin.sibling(node);
      if (!known.get(sibling)) {
        missing[count++] = sibling;
      }
    }
    return Arrays.copyOf(missing, count);
  }

  /**
   * What a peer that downloaded through this verifier sends with a chunk it holds, to a receiver described
   * by {@code receiver}: the same bins a seeder's {@link MerkleTree#proof(long, ReceiverKnowledge)} names.
   * Every one is verified here: a verified chunk's path to its peak and each sibling on it were remembered.
   *
   * @throws IllegalArgumentException if {@code chunk} was never verified (one of its uncles is unknown)
   */
  public List<BinHash> proof(long chunk, ReceiverKnowledge receiver) {
    requirePeaks();
    if (receiver.chunkCount() != shape.chunkCount) {
      throw new IllegalArgumentException(
          "receiver tracks " + receiver.chunkCount() + " chunks, this tree has " + shape.chunkCount);
    }
    long[] bins = receiver.binsToSend(chunk);
    List<BinHash> proof = new ArrayList<>(bins.length);
    for (long bin : bins) {
      proof.add(new BinHash(bin, hash(bin)));
    }
    return proof;
  }

  /** True if the hash of {@code bin} has been verified (a peak, or on or beside a verified chunk's path). */
  public boolean knows(long bin) {
    return shape != null && shape.isFull(bin) && known.get(bin);
  }

  /** The verified hash of {@code bin}; throws if it is not known. */
  public Hash hash(long bin) {
    if (!knows(bin)) {
      throw new IllegalArgumentException("hash of bin " + Bin.toString(bin) + " is not verified");
    }
    return storedHash(bin);
  }

  private Hash storedHash(long bin) {
    byte[] hash = new byte[width];
    nodes.read(bin, hash, 0);
    return Hash.of(hash);
  }

  private void remember(long bin, byte[] hash, int offset) {
    nodes.write(bin, hash, offset);
    known.set(bin);
  }

  private void requirePeaks() {
    if (shape == null) {
      throw new IllegalStateException("peak hashes not accepted yet");
    }
  }
}
