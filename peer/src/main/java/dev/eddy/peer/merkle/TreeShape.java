package dev.eddy.peer.merkle;

/**
 * Which bins exist in the tree over {@code chunkCount} chunks. A bin is <em>full</em> when all its chunks
 * exist (its hash is stored, in slot {@code bin}: full bins are exactly the bins below {@code 2 * chunkCount -
 * 1}); <em>empty</em> when none do (its hash is all zero bytes); otherwise it is an ancestor of a peak, and
 * its hash is computed from its children.
 */
final class TreeShape {
  final long chunkCount;
  final long[] peaks;

  TreeShape(long chunkCount) {
    this.chunkCount = chunkCount;
    this.peaks = Bin.peaks(chunkCount);
  }

  /** Number of hash slots a store needs for every full bin. */
  long slotCount() {
    return chunkCount == 0 ? 0 : 2 * chunkCount - 1;
  }

  long rootBin() {
    return Bin.root(chunkCount);
  }

  boolean isFull(long bin) {
    return Bin.lastChunk(bin) < chunkCount;
  }

  boolean isEmpty(long bin) {
    return Bin.firstChunk(bin) >= chunkCount;
  }

  boolean isPeak(long bin) {
    for (long peak : peaks) {
      if (peak == bin) {
        return true;
      }
    }
    return false;
  }

  /** The peak whose subtree holds {@code chunk}. */
  long peakOf(long chunk) {
    checkChunk(chunk);
    for (long peak : peaks) {
      if (Bin.lastChunk(peak) >= chunk) {
        return peak;
      }
    }
    throw new AssertionError("peaks cover every chunk");
  }

  /** Sibling hashes needed to go from a chunk up to its peak, bottom-up. */
  long[] uncles(long chunk) {
    long peak = peakOf(chunk);
    long[] uncles = new long[Bin.layer(peak)];
    long node = Bin.ofChunk(chunk);
    for (int i = 0; node != peak; i++) {
      uncles[i] = Bin.sibling(node);
      node = Bin.parent(node);
    }
    return uncles;
  }

  void checkChunk(long chunk) {
    if (chunk < 0 || chunk >= chunkCount) {
      throw new IllegalArgumentException("chunk " + chunk + " outside [0, " + chunkCount + ")");
    }
  }
}
