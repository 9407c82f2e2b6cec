package dev.eddy.peer.swarm;

import java.util.BitSet;

/**
 * The chunks this peer sent within the last {@link #HOLD_NS}, to any channel of one swarm. A chunk just sent to
 * one downloader is soon announced by it to the others, and those that had asked us for it too then cancel
 * and fetch it from that downloader; sending it again at once would spend our upload on a copy the swarm
 * already has (behind a slow seeder, several downloaders' requests for the chunks nobody else holds yet
 * overlap). So a request for such a chunk waits until the hold has passed, behind the channel's other
 * requests, and is served then if nobody cancelled it: a downloader that can get it nowhere else is late by
 * the hold at most.
 */
final class RecentUploads {
  /**
   * Long enough for the receiver to announce the chunk (HAVE goes once per read batch) and for the others to
   * cancel their requests for it, a round trip each on a loaded path plus a busy process's delays.
   */
  static final long HOLD_NS = 250_000_000L;

  private final BitSet held = new BitSet();
  // A ring of (chunk, sent at) in the order sent; grows as the send rate needs.
  private int[] chunks = new int[64];
  private long[] sentNs = new long[64];
  private int head;
  private int size;

  /** {@code chunk} went out at {@code nowNs}; the hold counts from its first send within a hold. */
  void onSent(long chunk, long nowNs) {
    expire(nowNs);
    if (held.get((int) chunk)) {
      return;
    }
    if (size == chunks.length) {
      grow();
    }
    int tail = (head + size) % chunks.length;
    chunks[tail] = (int) chunk;
    sentNs[tail] = nowNs;
    size++;
    held.set((int) chunk);
  }

  /** Whether {@code chunk} was sent within the hold before {@code nowNs}. */
  boolean isHeld(long chunk, long nowNs) {
    expire(nowNs);
    return held.get((int) chunk);
  }

  private void expire(long nowNs) {
    while (size > 0 && nowNs - sentNs[head] >= HOLD_NS) {
      held.clear(chunks[head]);
      head = (head + 1) % chunks.length;
      size--;
    }
  }

  private void grow() {
    int[] c = new int[chunks.length * 2];
    long[] t = new long[chunks.length * 2];
    for (int i = 0; i < size; i++) {
      c[i] = chunks[(head + i) % chunks.length];
      t[i] = sentNs[(head + i) % chunks.length];
    }
    chunks = c;
    sentNs = t;
    head = 0;
  }
}
