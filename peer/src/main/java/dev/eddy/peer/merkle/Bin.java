package dev.eddy.peer.merkle;

import java.util.Arrays;

/**
 * Bin numbers (RFC 7574 §4.2): every node of the binary tree over chunks gets one number, in-order. Chunk
 * {@code c} is bin {@code 2c}; a bin at layer {@code l} with offset {@code o} (its index among the bins of
 * that layer, left to right) is {@code (2o + 1) * 2^l - 1}, so its layer is its number of trailing one bits.
 *
 * <p>Bins are plain {@code long}s (64-bit bins on the wire cover every addressing method); these are pure
 * functions with no allocation except where a list is returned. A valid bin is in {@code [0, 2^63 - 2]}; the
 * layer is at most {@link #MAX_LAYER}.
 */
public final class Bin {
  /** Highest layer: the bin {@code 2^63 - 1 - 1} at layer 62 covers chunks {@code [0, 2^62)}. */
  public static final int MAX_LAYER = 62;

  /** Highest chunk number a bin can address. */
  public static final long MAX_CHUNK = (1L << MAX_LAYER) - 1;

  /** Returned by {@link #ofChunkRange} when a range is not exactly one bin. */
  public static final long NONE = -1;

  private Bin() {}

  /** The bin at {@code layer} whose first chunk is {@code offset * 2^layer}. */
  public static long of(int layer, long offset) {
    if (layer < 0 || layer > MAX_LAYER) {
      throw new IllegalArgumentException("layer " + layer + " outside [0, " + MAX_LAYER + "]");
    }
    if (offset < 0 || offset > (MAX_CHUNK >>> layer)) {
      throw new IllegalArgumentException("offset " + offset + " outside layer " + layer);
    }
    return (offset << (layer + 1)) | ((1L << layer) - 1);
  }

  /** The leaf bin of one chunk. */
  public static long ofChunk(long chunk) {
    checkChunk(chunk);
    return chunk << 1;
  }

  /** True if {@code bin} is a bin number this class can work with. */
  public static boolean isValid(long bin) {
    return bin >= 0 && layerOf(bin) <= MAX_LAYER;
  }

  /** Layer of the bin: 0 for a chunk, {@code k} for a bin covering {@code 2^k} chunks. */
  public static int layer(long bin) {
    checkBin(bin);
    return layerOf(bin);
  }

  private static int layerOf(long bin) {
    return Long.numberOfTrailingZeros(~bin);
  }

  /** Index of the bin among the bins of its layer. */
  public static long offset(long bin) {
    checkBin(bin);
    return bin >>> (layerOf(bin) + 1);
  }

  /** Number of chunks the bin covers ({@code 2^layer}). */
  public static long chunkCount(long bin) {
    checkBin(bin);
    return 1L << layerOf(bin);
  }

  /** First chunk the bin covers (the RFC's "base"). */
  public static long firstChunk(long bin) {
    checkBin(bin);
    return offset(bin) << layerOf(bin);
  }

  /** Last chunk the bin covers (inclusive). */
  public static long lastChunk(long bin) {
    return firstChunk(bin) + chunkCount(bin) - 1;
  }

  /** Parent bin: the bin one layer up that covers this one. */
  public static long parent(long bin) {
    int layer = layer(bin);
    if (layer == MAX_LAYER) {
      throw new IllegalArgumentException("bin " + bin + " is at the top layer and has no parent");
    }
    return of(layer + 1, offset(bin) >>> 1);
  }

  /** The other child of this bin's parent. */
  public static long sibling(long bin) {
    int layer = layer(bin);
    if (layer == MAX_LAYER) {
      throw new IllegalArgumentException("bin " + bin + " is at the top layer and has no sibling");
    }
    return bin ^ (1L << (layer + 1));
  }

  /** True for a left child (even offset), false for a right child. */
  public static boolean isLeft(long bin) {
    return (offset(bin) & 1) == 0;
  }

  /** Left child; the bin must not be a chunk. */
  public static long leftChild(long bin) {
    int layer = layer(bin);
    if (layer == 0) {
      throw new IllegalArgumentException("chunk bin " + bin + " has no children");
    }
    return bin - (1L << (layer - 1));
  }

  /** Right child; the bin must not be a chunk. */
  public static long rightChild(long bin) {
    int layer = layer(bin);
    if (layer == 0) {
      throw new IllegalArgumentException("chunk bin " + bin + " has no children");
    }
    return bin + (1L << (layer - 1));
  }

  /** True if {@code inner} lies inside {@code outer} (a bin contains itself). */
  public static boolean contains(long outer, long inner) {
    return firstChunk(outer) <= firstChunk(inner) && lastChunk(inner) <= lastChunk(outer);
  }

  /** True if {@code chunk} lies inside {@code bin}. */
  public static boolean containsChunk(long bin, long chunk) {
    checkChunk(chunk);
    return firstChunk(bin) <= chunk && chunk <= lastChunk(bin);
  }

  /**
   * The single bin covering exactly chunks {@code [first, last]}, or {@link #NONE} when the range is not
   * aligned (its length is not a power of two or it does not start at a multiple of its length).
   */
  public static long ofChunkRange(long first, long last) {
    checkRange(first, last);
    long count = last - first + 1;
    if (Long.bitCount(count) != 1 || (first & (count - 1)) != 0) {
      return NONE;
    }
    int layer = Long.numberOfTrailingZeros(count);
    return of(layer, first >>> layer);
  }

  /**
   * The fewest bins that together cover exactly chunks {@code [first, last]}, left to right (RFC 7574 §4.2:
   * how a chunk range is sent with bin addressing).
   */
  public static long[] decompose(long first, long last) {
    checkRange(first, last);
    long[] bins = new long[2 * MAX_LAYER + 2];
    int n = 0;
    long next = first;
    while (next <= last) {
      // The largest aligned block starting at `next` that does not run past `last`.
      int layer = next == 0 ? MAX_LAYER : Long.numberOfTrailingZeros(next);
      while (layer > 0 && (last - next + 1) < (1L << layer)) {
        layer--;
      }
      bins[n++] = of(layer, next >>> layer);
      next += 1L << layer;
    }
    return Arrays.copyOf(bins, n);
  }

  /**
   * The peaks of content of {@code chunkCount} chunks: the largest complete subtrees that together cover
   * chunks {@code [0, chunkCount)}, left to right, strictly decreasing in size (RFC 7574 §5.3). Empty for 0.
   */
  public static long[] peaks(long chunkCount) {
    if (chunkCount < 0 || chunkCount - 1 > MAX_CHUNK) {
      throw new IllegalArgumentException("chunk count " + chunkCount + " outside [0, 2^62]");
    }
    return chunkCount == 0 ? new long[0] : decompose(0, chunkCount - 1);
  }

  /**
   * The root of the smallest complete binary tree covering {@code chunkCount} chunks (its hash is the
   * swarm ID). For one chunk the root is the chunk itself.
   */
  public static long root(long chunkCount) {
    if (chunkCount < 1 || chunkCount - 1 > MAX_CHUNK) {
      throw new IllegalArgumentException("chunk count " + chunkCount + " outside [1, 2^62]");
    }
    int layer = 64 - Long.numberOfLeadingZeros(chunkCount - 1);
    return of(layer, 0);
  }

  /** {@code "[first..last]"} in chunks, or {@code "[c]"} for a single chunk; for logs and messages. */
  public static String toString(long bin) {
    if (!isValid(bin)) {
      return "invalid-bin(" + bin + ")";
    }
    long first = firstChunk(bin);
    long last = lastChunk(bin);
    return first == last ? "[" + first + "]" : "[" + first + ".." + last + "]";
  }

  private static void checkBin(long bin) {
    if (bin < 0 || layerOf(bin) > MAX_LAYER) {
      throw new IllegalArgumentException("bin " + bin + " is not a valid bin number");
    }
  }

  private static void checkChunk(long chunk) {
    if (chunk < 0 || chunk > MAX_CHUNK) {
      throw new IllegalArgumentException("chunk " + chunk + " outside [0, 2^62)");
    }
  }

  private static void checkRange(long first, long last) {
    checkChunk(first);
    checkChunk(last);
    if (first > last) {
      throw new IllegalArgumentException("chunk range start " + first + " > end " + last);
    }
  }
}
