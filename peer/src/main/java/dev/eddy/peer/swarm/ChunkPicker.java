package dev.eddy.peer.swarm;

import java.util.BitSet;

/**
 * Decides which chunks to ask which peer for, so that every missing chunk is requested from at most one
 * peer at a time (multi-source downloads split the content instead of duplicating it). In-order picking;
 * a rarest-first or streaming policy replaces {@link #pick} without touching the channels.
 */
public final class ChunkPicker {
  private final long chunkCount;
  private final BitSet held;
  private final BitSet requested = new BitSet();
  private int firstMissing;

  /**
   * @param held the verified chunks (shared with the swarm, which sets bits as chunks verify)
   */
  public ChunkPicker(long chunkCount, BitSet held) {
    if (chunkCount > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("content too large for this picker: " + chunkCount + " chunks");
    }
    this.chunkCount = chunkCount;
    this.held = held;
  }

  /**
   * Picks up to {@code max} chunks the remote has and nobody was asked for, marking them requested.
   *
   * @param remoteHas chunks the remote peer announced (HAVE)
   * @param sink receives the picked chunks as inclusive runs, in order
   * @return how many chunks were picked
   */
  public int pick(BitSet remoteHas, int max, RangeSink sink) {
    while (firstMissing < chunkCount && held.get(firstMissing)) {
      firstMissing++;
    }
    int picked = 0;
    int i = firstMissing;
    while (picked < max && i < chunkCount) {
      i = nextWanted(i, remoteHas);
      if (i < 0) {
        break;
      }
      int runEnd = i;
      while (picked + (runEnd - i + 1) < max
          && runEnd + 1 < chunkCount
          && remoteHas.get(runEnd + 1)
          && !held.get(runEnd + 1)
          && !requested.get(runEnd + 1)) {
        runEnd++;
      }
      requested.set(i, runEnd + 1);
      sink.accept(i, runEnd);
      picked += runEnd - i + 1;
      i = runEnd + 1;
    }
    return picked;
  }

  /** The chunk will not come from where it was requested (timeout, cancel, peer gone): pick it again. */
  public void release(long chunk) {
    if (!held.get((int) chunk)) {
      requested.clear((int) chunk);
    }
  }

  /** The chunk arrived and verified. */
  public void onVerified(long chunk) {
    requested.clear((int) chunk);
  }

  private int nextWanted(int from, BitSet remoteHas) {
    for (int i = remoteHas.nextSetBit(from); i >= 0 && i < chunkCount; i = remoteHas.nextSetBit(i + 1)) {
      int free = Math.min(nextFree(i), (int) chunkCount);
      if (free >= chunkCount) {
        return -1;
      }
      if (remoteHas.get(free)) {
        return free;
      }
      i = free;
    }
    return -1;
  }

  /** First index at or after {@code from} that is neither held nor requested. */
  private int nextFree(int from) {
    int i = from;
    while (i < chunkCount && (held.get(i) || requested.get(i))) {
      int a = held.nextClearBit(i);
      int b = requested.nextClearBit(a);
      i = b;
    }
    return i;
  }

  /** Receives picked runs of chunks. */
  @FunctionalInterface
  public interface RangeSink {
    void accept(long firstChunk, long lastChunk);
  }
}
