package dev.eddy.peer.channel;

import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.wire.ChunkAddressing;
import dev.eddy.peer.wire.ChunkSpec;
import dev.eddy.peer.wire.DecodingContext;
import java.util.function.Consumer;

/** Chunk runs as chunk specifications in a channel's negotiated addressing (RFC 7574 §4). */
final class ChunkSpecs {
  private ChunkSpecs() {}

  /** One chunk. */
  static ChunkSpec chunk(DecodingContext context, long chunk) {
    return bin(context, Bin.ofChunk(chunk));
  }

  /** One tree node (INTEGRITY) or a bin-aligned run. */
  static ChunkSpec bin(DecodingContext context, long bin) {
    ChunkAddressing a = context.chunkAddressing();
    if (a.equals(ChunkAddressing.BINS_32) || a.equals(ChunkAddressing.BINS_64)) {
      return new ChunkSpec.Bin(bin);
    }
    return range(context, Bin.firstChunk(bin), Bin.lastChunk(bin));
  }

  /**
   * Chunks {@code first..last} as few specs as the addressing allows: one range, or for bins one spec per
   * bin of the run's decomposition.
   */
  static void cover(DecodingContext context, long first, long last, Consumer<ChunkSpec> out) {
    ChunkAddressing a = context.chunkAddressing();
    if (a.equals(ChunkAddressing.BINS_32) || a.equals(ChunkAddressing.BINS_64)) {
      for (long bin : Bin.decompose(first, last)) {
        out.accept(new ChunkSpec.Bin(bin));
      }
    } else {
      out.accept(range(context, first, last));
    }
  }

  private static ChunkSpec range(DecodingContext context, long first, long last) {
    if (context.chunkAddressing().equals(ChunkAddressing.BYTE_RANGES_64)) {
      long size = context.chunkSize();
      return new ChunkSpec.ByteRange(first * size, (last + 1) * size - 1);
    }
    return new ChunkSpec.ChunkRange(first, last);
  }
}
