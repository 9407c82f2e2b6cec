package dev.eddy.peer.channel;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * DATA that arrived ahead of the hashes that prove it: a sender's batch of INTEGRITY goes in the datagram
 * before its DATA, and when the path reorders that datagram behind a few others, their chunks cannot be
 * verified yet. Dropping them made every reordered hash datagram cost the retransmission of its batch (two
 * thirds of the chunks sent again with 1% reordering and no loss); kept here a short while, they are verified
 * when the hashes come. Bounded in count and bytes, and never trusted: a held chunk counts only once verified.
 */
final class HeldChunks {
  /** Chunks held at most, and their bytes at most: a few reordered batches' worth. */
  static final int MAX_CHUNKS = 64;
  static final int MAX_BYTES = 1 << 20;

  /**
   * A chunk waiting for its hashes.
   *
   * @param delayMicros the one-way delay sample taken on arrival, acknowledged with it once verified
   * @param wasRequested the chunk was requested on this channel: given back to the picker if it expires
   */
  record Held(long chunk, byte[] payload, long delayMicros, long heldNs, boolean wasRequested) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private int bytes;

  boolean isEmpty() {
    return held.isEmpty();
  }

  /** Keeps a copy of the payload; false if there is no room (the caller drops the chunk, as before). */
  boolean hold(long chunk, ByteBuf payload, long delayMicros, long nowNs, boolean wasRequested) {
    int size = payload.readableBytes();
    if (held.size() >= MAX_CHUNKS || bytes + size > MAX_BYTES) {
      return false;
    }
    byte[] copy = new byte[size];
    payload.getBytes(payload.readerIndex(), copy);
    held.addLast(new Held(chunk, copy, delayMicros, nowNs, wasRequested));
    bytes += size;
    return true;
  }

  /** Forgets the held copy of a chunk that arrived again. */
  void removeChunk(long chunk) {
    for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (h.chunk() == chunk) {
        it.remove();
        bytes -= h.payload().length;
      }
    }
  }

  /** The held chunks, oldest first, as a copy: settling one may let go of others (a channel closing). */
  List<Held> snapshot() {
    return new ArrayList<>(held);
  }

  /** Lets go of one held chunk, settled by the caller. */
  void remove(Held h) {
    if (held.remove(h)) {
      bytes -= h.payload().length;
    }
  }

  /** Takes out the chunks held since before {@code cutoffNs}: their hashes are not coming. */
  List<Held> takeExpired(long cutoffNs) {
    List<Held> expired = new ArrayList<>();
    while (!held.isEmpty() && held.peekFirst().heldNs() < cutoffNs) {
      Held h = held.removeFirst();
      bytes -= h.payload().length;
      expired.add(h);
    }
    return expired;
  }
}
