package dev.eddy.peer.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Chunk addressing method, option 6 (RFC 7574 §7.6, §4): how a {@link ChunkSpec} looks on the wire.
 * Keeps codes RFC 7574 does not assign (a handshake may announce one; the peer decides to refuse it),
 * but messages carrying a chunk specification cannot be decoded or encoded under an unknown method.
 *
 * @param code the one-byte code, 0–255
 */
public record ChunkAddressing(int code) {
  /** 0: one 32-bit bin number. */
  public static final ChunkAddressing BINS_32 = new ChunkAddressing(0);
  /** 1: two 64-bit byte offsets, start and end inclusive. */
  public static final ChunkAddressing BYTE_RANGES_64 = new ChunkAddressing(1);
  /** 2: two 32-bit chunk numbers, start and end inclusive (the RFC default; what libswift sends). */
  public static final ChunkAddressing CHUNK_RANGES_32 = new ChunkAddressing(2);
  /** 3: one 64-bit bin number. */
  public static final ChunkAddressing BINS_64 = new ChunkAddressing(3);
  /** 4: two 64-bit chunk numbers, start and end inclusive. */
  public static final ChunkAddressing CHUNK_RANGES_64 = new ChunkAddressing(4);

  private static final long MAX_UNSIGNED_32 = 0xFFFF_FFFFL;

  public ChunkAddressing {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("chunk addressing code must fit one byte: " + code);
    }
  }

  /** The constant for a known code, or a value that keeps an unknown code. */
  public static ChunkAddressing of(int code) {
    return switch (code) {
      case 0 -> BINS_32;
      case 1 -> BYTE_RANGES_64;
      case 2 -> CHUNK_RANGES_32;
      case 3 -> BINS_64;
      case 4 -> CHUNK_RANGES_64;
      default -> new ChunkAddressing(code);
    };
  }

  public boolean isKnown() {
    return code <= 4;
  }

  public boolean usesBins() {
    return code == 0 || code == 3;
  }

  public boolean usesByteRanges() {
    return code == 1;
  }

  /**
   * Width in bytes of one value: a bin, one end of a range, and the live discard window (§7.7).
   *
   * @throws IllegalStateException for an unknown method
   */
  public int valueWidth() {
    return switch (code) {
      case 0, 2 -> 4;
      case 1, 3, 4 -> 8;
      default -> throw new IllegalStateException("unknown chunk addressing method " + code);
    };
  }

  /** Bytes a chunk specification takes on the wire: one value for bins, two for ranges. */
  public int specWidth() {
    return usesBins() ? valueWidth() : 2 * valueWidth();
  }

  /** Largest value one field can carry: 32 or 63 bits (Java longs; no real content needs the 64th). */
  long maxValue() {
    return valueWidth() == 4 ? MAX_UNSIGNED_32 : Long.MAX_VALUE;
  }

  /**
   * The single chunk specification for chunks {@code firstChunk..lastChunk} (inclusive).
   *
   * @throws IllegalArgumentException when bins are in use and the range is not exactly one bin (use
   *     {@link #cover}), or the values do not fit this method's width
   */
  public ChunkSpec specFor(long firstChunk, long lastChunk, int chunkSize) {
    ChunkSpec range = rangeSpec(firstChunk, lastChunk, chunkSize);
    if (range != null) {
      return range; // no list: a sender names one chunk this way per DATA
    }
    List<ChunkSpec> specs = cover(firstChunk, lastChunk, chunkSize);
    if (specs.size() != 1) {
      throw new IllegalArgumentException(
          "chunks " + firstChunk + ".." + lastChunk + " are not one bin; use cover()");
    }
    return specs.get(0);
  }

  /**
   * The fewest chunk specifications that together name exactly chunks {@code firstChunk..lastChunk}:
   * one range, or for bins the largest aligned bins from left to right.
   */
  public List<ChunkSpec> cover(long firstChunk, long lastChunk, int chunkSize) {
    ChunkSpec single = rangeSpec(firstChunk, lastChunk, chunkSize);
    if (single != null) {
      return List.of(single);
    }
    List<ChunkSpec> bins = new ArrayList<>();
    long next = firstChunk;
    while (next <= lastChunk && next >= 0) {
      int layer = next == 0 ? 62 : Long.numberOfTrailingZeros(next);
      while (layer > 0 && next + (1L << layer) - 1 > lastChunk) {
        layer--;
      }
      ChunkSpec.Bin bin = ChunkSpec.Bin.of(layer, next >>> layer);
      requireFits(bin);
      bins.add(bin);
      next += 1L << layer;
    }
    return List.copyOf(bins);
  }

  /** The one range naming chunks {@code firstChunk..lastChunk} under range addressing; null under bins. */
  private ChunkSpec rangeSpec(long firstChunk, long lastChunk, int chunkSize) {
    if (firstChunk < 0 || lastChunk < firstChunk) {
      throw new IllegalArgumentException("bad chunk range " + firstChunk + ".." + lastChunk);
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
    }
    ChunkSpec single =
        switch (code) {
          case 2, 4 -> new ChunkSpec.ChunkRange(firstChunk, lastChunk);
          case 1 -> new ChunkSpec.ByteRange(
              Math.multiplyExact(firstChunk, (long) chunkSize),
              Math.addExact(Math.multiplyExact(lastChunk, (long) chunkSize), chunkSize - 1L));
          case 0, 3 -> null;
          default -> throw new IllegalStateException("unknown chunk addressing method " + code);
        };
    if (single != null) {
      requireFits(single);
    }
    return single;
  }

  /**
   * Checks that a specification has this method's shape and width.
   *
   * @throws IllegalArgumentException if not
   */
  public void requireFits(ChunkSpec spec) {
    boolean ok;
    if (spec instanceof ChunkSpec.Bin bin) {
      ok = usesBins()
          && (valueWidth() == 8 || Long.compareUnsigned(bin.value(), MAX_UNSIGNED_32 - 1) <= 0);
    } else if (spec instanceof ChunkSpec.ChunkRange range) {
      ok = (code == 2 || code == 4) && range.end() <= maxValue();
    } else {
      ok = code == 1;
    }
    if (!ok) {
      throw new IllegalArgumentException(spec + " cannot be sent with chunk addressing " + this);
    }
  }

  @Override
  public String toString() {
    return switch (code) {
      case 0 -> "32-bit bins";
      case 1 -> "64-bit byte ranges";
      case 2 -> "32-bit chunk ranges";
      case 3 -> "64-bit bins";
      case 4 -> "64-bit chunk ranges";
      default -> "unknown chunk addressing " + code;
    };
  }
}
