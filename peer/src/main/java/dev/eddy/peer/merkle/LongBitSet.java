package dev.eddy.peer.merkle;

import java.util.Arrays;

/**
 * A fixed-size bit set indexed by {@code long} (bins and chunk numbers outgrow {@link java.util.BitSet}'s
 * {@code int} index), which keeps its count of set bits so "how many chunks do we hold" is O(1). Not
 * thread-safe.
 */
public final class LongBitSet {
  private final long size;
  private final long[] words;
  private long cardinality;

  public LongBitSet(long size) {
    if (size < 0 || ((size + 63) >>> 6) > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("bit set size " + size + " out of range");
    }
    this.size = size;
    this.words = new long[(int) ((size + 63) >>> 6)];
  }

  /**
   * A bit set holding {@code words} (bit {@code i} is bit {@code i % 64} of word {@code i / 64}), as {@link
   * #toWords()} gave them: what a checkpoint reads back.
   *
   * @throws IllegalArgumentException if the word count does not fit {@code size} or a bit past the end is set
   */
  public static LongBitSet fromWords(long size, long[] words) {
    LongBitSet set = new LongBitSet(size);
    if (words.length != set.words.length) {
      throw new IllegalArgumentException(words.length + " words for " + size + " bits, expected " + set.words.length);
    }
    if ((size & 63) != 0 && words.length > 0 && (words[words.length - 1] >>> (size & 63)) != 0) {
      throw new IllegalArgumentException("bits set past the end (" + size + ")");
    }
    System.arraycopy(words, 0, set.words, 0, words.length);
    for (long w : words) {
      set.cardinality += Long.bitCount(w);
    }
    return set;
  }

  /** A copy of the bits, 64 to a word, lowest index in the lowest bit. */
  public long[] toWords() {
    return words.clone();
  }

  /** Number of bits. */
  public long size() {
    return size;
  }

  /** Number of set bits. */
  public long cardinality() {
    return cardinality;
  }

  public boolean get(long index) {
    checkIndex(index);
    return (words[(int) (index >>> 6)] & (1L << index)) != 0;
  }

  /** Sets one bit; returns true if it was clear. */
  public boolean set(long index) {
    checkIndex(index);
    int w = (int) (index >>> 6);
    long mask = 1L << index;
    if ((words[w] & mask) != 0) {
      return false;
    }
    words[w] |= mask;
    cardinality++;
    return true;
  }

  /** Clears one bit; returns true if it was set. */
  public boolean clear(long index) {
    checkIndex(index);
    int w = (int) (index >>> 6);
    long mask = 1L << index;
    if ((words[w] & mask) == 0) {
      return false;
    }
    words[w] &= ~mask;
    cardinality--;
    return true;
  }

  /** Sets bits {@code [from, to)}. */
  public void set(long from, long to) {
    checkRange(from, to);
    long i = from;
    while (i < to) {
      int w = (int) (i >>> 6);
      int lo = (int) (i & 63);
      int hi = (int) Math.min(64, lo + (to - i));
      long mask = (hi == 64 ? -1L : (1L << hi) - 1) & (-1L << lo);
      cardinality += Long.bitCount(mask & ~words[w]);
      words[w] |= mask;
      i += hi - lo;
    }
  }

  /** Index of the first clear bit at or after {@code from}, or {@link #size()} if none. */
  public long nextClearBit(long from) {
    if (from < 0) {
      throw new IndexOutOfBoundsException("index " + from + " is negative");
    }
    if (from >= size) {
      return size;
    }
    int w = (int) (from >>> 6);
    long word = ~words[w] & (-1L << from);
    while (true) {
      if (word != 0) {
        return Math.min(size, ((long) w << 6) + Long.numberOfTrailingZeros(word));
      }
      if (++w == words.length) {
        return size;
      }
      word = ~words[w];
    }
  }

  /** Index of the first set bit at or after {@code from}, or -1 if none. */
  public long nextSetBit(long from) {
    if (from < 0) {
      throw new IndexOutOfBoundsException("index " + from + " is negative");
    }
    if (from >= size) {
      return -1;
    }
    int w = (int) (from >>> 6);
    long word = words[w] & (-1L << from);
    while (true) {
      if (word != 0) {
        return ((long) w << 6) + Long.numberOfTrailingZeros(word);
      }
      if (++w == words.length) {
        return -1;
      }
      word = words[w];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LongBitSet s && s.size == size && Arrays.equals(s.words, words);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size) * 31 + Arrays.hashCode(words);
  }

  private void checkIndex(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " outside [0, " + size + ")");
    }
  }

  private void checkRange(long from, long to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") outside [0, " + size + ")");
    }
  }
}
