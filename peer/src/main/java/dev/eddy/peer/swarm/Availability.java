package dev.eddy.peer.swarm;

import java.util.BitSet;

/**
 * How many of our channels' remote peers announced each chunk (HAVE): what rarest-first picks by. Counted
 * once the content size is known; the announcements made before are counted from each channel's record of
 * them at that moment.
 */
final class Availability {
  private final int chunkCount;
  private final int[] counts;

  Availability(int chunkCount) {
    this.chunkCount = chunkCount;
    this.counts = new int[chunkCount];
  }

  /** A remote that had announced {@code known} now announces {@code [from, toExclusive)} too. */
  void add(BitSet known, int from, int toExclusive) {
    int end = Math.min(toExclusive, chunkCount);
    for (int i = known.nextClearBit(Math.max(from, 0)); i < end; i = known.nextClearBit(i + 1)) {
      counts[i]++;
    }
  }

  void addAll(BitSet has) {
    for (int i = has.nextSetBit(0); i >= 0 && i < chunkCount; i = has.nextSetBit(i + 1)) {
      counts[i]++;
    }
  }

  /** A channel closed: what its remote announced is no longer available through it. */
  void removeAll(BitSet has) {
    for (int i = has.nextSetBit(0); i >= 0 && i < chunkCount; i = has.nextSetBit(i + 1)) {
      counts[i]--;
    }
  }

  int of(int chunk) {
    return counts[chunk];
  }
}
