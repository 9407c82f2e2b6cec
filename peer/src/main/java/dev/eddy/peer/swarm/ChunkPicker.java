package dev.eddy.peer.swarm;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * Decides which chunks to ask which peer for. Outside endgame every missing chunk is requested from at most
 * one peer at a time (multi-source downloads split the content instead of duplicating it). Once every missing
 * chunk is requested somewhere and no more than {@link #ENDGAME_CHUNKS} are missing, endgame begins: a peer
 * with room in its window may also be asked for chunks requested elsewhere, so the last chunks do not wait on
 * the slowest peer; the first copy to verify cancels the others, and any that still arrive count as
 * duplicates. (Before that, a slow peer holds only about half a second of its own deliveries: see the
 * channel's request window.)
 */
public final class ChunkPicker {
  /** Rarest-first looks at this many candidate chunks per requested one (at least {@link #MIN_SCAN}). */
  private static final int SCAN_FACTOR = 4;
  private static final int MIN_SCAN = 1024;
  /** Endgame duplicates requests only for this many missing chunks at most: each copy beyond one is waste. */
  static final int ENDGAME_CHUNKS = 64;

  private final int chunkCount;
  private final BitSet held;
  private final BitSet requested = new BitSet();
  private final Availability availability;
  private final PickOrder order;
  private final Random random;
  private int firstMissing;
  /** Where in-order picking starts (see {@link #moveTo}). */
  private int position;
  // Scratch for pickRarest and pickEndgame, grown on demand: a downloader picks every few dozen chunks, and
  // fresh arrays per pick (at least 12 KB, zeroed) were over half of what its event loop allocated.
  private long[] candidates = new long[0];
  private int[] candidateChunks = new int[0];
  private int[] chosen = new int[0];

  /**
   * @param held the verified chunks (shared with the swarm, which sets bits as chunks verify)
   * @param availability how many peers announced each chunk (maintained by the swarm)
   */
  ChunkPicker(long chunkCount, BitSet held, Availability availability, PickOrder order, Random random) {
    if (chunkCount > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("content too large for this picker: " + chunkCount + " chunks");
    }
    this.chunkCount = (int) chunkCount;
    this.held = held;
    this.availability = availability;
    this.order = order;
    this.random = random;
  }

  /**
   * Picks up to {@code max} chunks the remote has, marking them requested.
   *
   * @param remoteHas chunks the remote peer announced (HAVE)
   * @param requestedHere chunks already requested from this remote (never picked for it again)
   * @param sink receives the picked chunks as inclusive runs, in order
   * @return how many chunks were picked
   */
  public int pick(BitSet remoteHas, BitSet requestedHere, int max, RangeSink sink) {
    while (firstMissing < chunkCount && held.get(firstMissing)) {
      firstMissing++;
    }
    if (max <= 0 || firstMissing >= chunkCount) {
      return 0;
    }
    int picked = order == PickOrder.SEQUENTIAL ? pickInOrder(remoteHas, max, sink) : pickRarest(remoteHas, max, sink);
    if (picked == 0 && nextFree(firstMissing) >= chunkCount && chunkCount - held.cardinality() <= ENDGAME_CHUNKS) {
      picked = pickEndgame(remoteHas, requestedHere, max, sink);
    }
    return picked;
  }

  /** In order from the position to the end, then from the first missing chunk up to the position. */
  private int pickInOrder(BitSet remoteHas, int max, RangeSink sink) {
    int from = Math.max(firstMissing, position);
    int picked = pickInOrder(remoteHas, from, chunkCount, max, sink);
    if (from > firstMissing) {
      picked += pickInOrder(remoteHas, firstMissing, from, max - picked, sink);
    }
    return picked;
  }

  private int pickInOrder(BitSet remoteHas, int from, int to, int max, RangeSink sink) {
    int picked = 0;
    int i = from;
    while (picked < max && i < to) {
      i = nextWanted(i, remoteHas);
      if (i < 0 || i >= to) {
        break;
      }
      int runEnd = i;
      while (picked + (runEnd - i + 1) < max && runEnd + 1 < to && remoteHas.get(runEnd + 1) && isFree(runEnd + 1)) {
        runEnd++;
      }
      requested.set(i, runEnd + 1);
      sink.accept(i, runEnd);
      picked += runEnd - i + 1;
      i = runEnd + 1;
    }
    return picked;
  }

  /**
   * Rarest first among a bounded sample: candidates are gathered from a random position onwards (wrapping),
   * at most {@link #SCAN_FACTOR} per chunk wanted, so a pick costs the same on any content size; the rarest
   * of them are taken, ties in scan order, which the random start makes differ between downloaders.
   */
  private int pickRarest(BitSet remoteHas, int max, RangeSink sink) {
    int scan = Math.min(Math.max(MIN_SCAN, SCAN_FACTOR * max), chunkCount);
    if (candidates.length < scan) {
      candidates = new long[scan]; // availability << 32 | scan position, sorted below
      candidateChunks = new int[scan];
    }
    long[] candidates = this.candidates;
    int[] chunks = candidateChunks;
    int found = 0;
    int start = firstMissing + random.nextInt(chunkCount - firstMissing);
    for (int pass = 0; pass < 2 && found < scan; pass++) {
      int from = pass == 0 ? start : firstMissing;
      int to = pass == 0 ? chunkCount : start;
      for (int i = nextWanted(from, remoteHas); i >= 0 && i < to && found < scan; i = nextWanted(i + 1, remoteHas)) {
        chunks[found] = i;
        candidates[found] = ((long) availability.of(i) << 32) | found;
        found++;
      }
    }
    if (found == 0) {
      return 0;
    }
    Arrays.sort(candidates, 0, found);
    int take = Math.min(max, found);
    int[] chosen = chosenScratch(take);
    for (int k = 0; k < take; k++) {
      chosen[k] = chunks[(int) candidates[k]];
    }
    Arrays.sort(chosen, 0, take);
    emitRuns(chosen, take, sink);
    return take;
  }

  /** Endgame: chunks requested from other peers (not this one) that the remote has, oldest missing first. */
  private int pickEndgame(BitSet remoteHas, BitSet requestedHere, int max, RangeSink sink) {
    int[] chosen = chosenScratch(max);
    int take = 0;
    for (int i = requested.nextSetBit(firstMissing); i >= 0 && i < chunkCount && take < max; i = requested.nextSetBit(i + 1)) {
      if (remoteHas.get(i) && !requestedHere.get(i) && !held.get(i)) {
        chosen[take++] = i;
      }
    }
    emitRuns(chosen, take, sink);
    return take;
  }

  private int[] chosenScratch(int size) {
    if (chosen.length < size) {
      chosen = new int[size];
    }
    return chosen;
  }

  private void emitRuns(int[] sorted, int count, RangeSink sink) {
    for (int k = 0; k < count; ) {
      int first = sorted[k];
      int last = first;
      while (k + 1 < count && sorted[k + 1] == last + 1) {
        last = sorted[++k];
      }
      k++;
      requested.set(first, last + 1);
      sink.accept(first, last);
    }
  }

  /**
   * In-order picking ({@link PickOrder#SEQUENTIAL}) continues from {@code chunk}, then wraps around to the
   * first missing chunk: a player that seeks wants the chunks at its new read position next, and the ones it
   * skipped only after. Rarest-first ignores it.
   */
  public void moveTo(long chunk) {
    position = (int) Math.max(0, Math.min(chunk, chunkCount));
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

  private boolean isFree(int i) {
    return !held.get(i) && !requested.get(i);
  }

  /** First chunk at or after {@code from} that the remote has and is neither held nor requested; -1 if none. */
  private int nextWanted(int from, BitSet remoteHas) {
    for (int i = remoteHas.nextSetBit(from); i >= 0 && i < chunkCount; i = remoteHas.nextSetBit(i + 1)) {
      int free = nextFree(i);
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

  /** First index at or after {@code from} that is neither held nor requested ({@code chunkCount} if none). */
  private int nextFree(int from) {
    int i = from;
    while (i < chunkCount && (held.get(i) || requested.get(i))) {
      i = requested.nextClearBit(held.nextClearBit(i));
    }
    return Math.min(i, chunkCount);
  }

  /** Receives picked runs of chunks. */
  @FunctionalInterface
  public interface RangeSink {
    void accept(long firstChunk, long lastChunk);
  }
}
