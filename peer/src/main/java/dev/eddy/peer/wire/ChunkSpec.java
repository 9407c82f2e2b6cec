package dev.eddy.peer.wire;

/**
 * A chunk specification (RFC 7574 §4): which chunks a HAVE, REQUEST, ACK, DATA, INTEGRITY, ... is about.
 * Its shape follows the negotiated {@link ChunkAddressing}; all numbers are inclusive, as on the wire.
 */
public sealed interface ChunkSpec permits ChunkSpec.Bin, ChunkSpec.ChunkRange, ChunkSpec.ByteRange {

  /** First chunk number covered (inclusive). */
  long firstChunk(int chunkSize);

  /** Last chunk number covered (inclusive). */
  long lastChunk(int chunkSize);

  /**
   * A bin (RFC 7574 §4.2): layer = number of trailing one bits; covers {@code 2^layer} chunks starting
   * at {@code offset * 2^layer}; chunk {@code n} is bin {@code 2n}. The value is an unsigned 64-bit
   * number (32-bit bins are simply below 2^32). All ones is not a bin: libswift uses it as its "none"
   * marker (0xFFFFFFFF in 32 bits, while its "all" marker 0x7FFFFFFF is the ordinary bin covering
   * chunks 0..2^31-1), so the decoder rejects it as {@link DecodeError.Reason#BIN_OUT_OF_RANGE}.
   *
   * @param value the bin number, unsigned
   */
  record Bin(long value) implements ChunkSpec {
    public Bin {
      if (value == -1L) {
        throw new IllegalArgumentException("all-ones is not a bin");
      }
    }

    /** The bin at {@code layer} (0 = single chunk) whose chunks start at {@code offset * 2^layer}. */
    public static Bin of(int layer, long offset) {
      if (layer < 0 || layer > 63 || offset < 0 || (layer > 0 && offset >>> (63 - layer) != 0)) {
        throw new IllegalArgumentException("no bin at layer " + layer + " offset " + offset);
      }
      return new Bin((offset << (layer + 1)) + (1L << layer) - 1);
    }

    public int layer() {
      return Long.numberOfTrailingZeros(~value);
    }

    @Override
    public long firstChunk(int chunkSize) {
      int layer = layer();
      return layer == 63 ? 0 : (value >>> (layer + 1)) << layer;
    }

    @Override
    public long lastChunk(int chunkSize) {
      return firstChunk(chunkSize) + ((1L << layer()) - 1);
    }

    @Override
    public String toString() {
      return "bin " + Long.toUnsignedString(value) + " (" + firstChunk(0) + ".." + lastChunk(0) + ")";
    }
  }

  /** Chunks {@code start..end}, inclusive (32- or 64-bit chunk ranges). */
  record ChunkRange(long start, long end) implements ChunkSpec {
    public ChunkRange {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad chunk range " + start + ".." + end);
      }
    }

    @Override
    public long firstChunk(int chunkSize) {
      return start;
    }

    @Override
    public long lastChunk(int chunkSize) {
      return end;
    }

    @Override
    public String toString() {
      return start + ".." + end;
    }
  }

  /** Bytes {@code start..end}, inclusive (64-bit byte ranges); chunks follow from the chunk size. */
  record ByteRange(long start, long end) implements ChunkSpec {
    public ByteRange {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad byte range " + start + ".." + end);
      }
    }

    @Override
    public long firstChunk(int chunkSize) {
      return start / requirePositive(chunkSize);
    }

    @Override
    public long lastChunk(int chunkSize) {
      return end / requirePositive(chunkSize);
    }

    private static int requirePositive(int chunkSize) {
      if (chunkSize <= 0) {
        throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
      }
      return chunkSize;
    }

    @Override
    public String toString() {
      return "bytes " + start + ".." + end;
    }
  }
}
