package dev.eddy.dashboards.swarm;

import java.util.Arrays;

/**
 * The messages of one channel in one direction, as parallel primitive arrays: a swarm's recordings can hold
 * millions of message events, and an object per message would not fit the heap. Matching a message with its
 * receipt groups them by {@link #sortedByMessage() message identity}.
 */
final class MessageLog {
  /** Bits of a sort key kept for the index; a channel logs at most this many messages for matching. */
  private static final int INDEX_BITS = 26;
  static final int CAPACITY = 1 << INDEX_BITS;

  /** {@link MessageKind#values()} copies its array on every call: a million messages read their kinds. */
  private static final MessageKind[] KINDS = MessageKind.values();

  private long[] times = new long[64];
  private byte[] types = new byte[64];
  private long[] starts = new long[64];
  private long[] ends = new long[64];
  private int size;
  private long overflow;
  /** {@link #sortedByMessage()}, kept: clock alignment and link matching both walk it. */
  private int[] order;

  void add(long epochNanos, MessageKind kind, long start, long end) {
    if (size == CAPACITY) {
      overflow++;
      return;
    }
    if (size == times.length) {
      int grown = Math.min(CAPACITY, size * 2);
      times = Arrays.copyOf(times, grown);
      types = Arrays.copyOf(types, grown);
      starts = Arrays.copyOf(starts, grown);
      ends = Arrays.copyOf(ends, grown);
    }
    times[size] = epochNanos;
    types[size] = (byte) kind.ordinal();
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  int size() {
    return size;
  }

  /** Messages beyond {@link #CAPACITY}, left out of matching. */
  long overflow() {
    return overflow;
  }

  long time(int i) {
    return times[i];
  }

  MessageKind kind(int i) {
    return KINDS[types[i]];
  }

  long start(int i) {
    return starts[i];
  }

  long end(int i) {
    return ends[i];
  }

  /** Whether messages {@code i} and {@code j} (of this or another log) say the same thing. */
  boolean sameMessage(int i, MessageLog other, int j) {
    return types[i] == other.types[j] && starts[i] == other.starts[j] && ends[i] == other.ends[j];
  }

  /** The last message time, or {@code Long.MIN_VALUE} when empty. */
  long lastTime(MessageKind kind) {
    long last = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      if (types[i] == kind.ordinal()) {
        last = Math.max(last, times[i]);
      }
    }
    return last;
  }

  /**
   * Indices ordered by message identity (type, then range start and end), then time: copies of one message
   * (retransmissions, repeated HAVEs) are adjacent and in the order they happened. One primitive sort of packed
   * keys, then a short sort of each run that shares a key. Callers must not change the array.
   */
  int[] sortedByMessage() {
    if (order == null || order.length != size) {
      order = sort();
    }
    return order;
  }

  private int[] sort() {
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      long start = (starts[i] + 1) & 0x1_FFFF_FFFFL; // -1 (no range) sorts first; 33 bits
      keys[i] = ((long) types[i] << 59) | (start << INDEX_BITS) | i;
    }
    Arrays.sort(keys);
    int[] sorted = new int[size];
    for (int i = 0; i < size; i++) {
      sorted[i] = (int) (keys[i] & (CAPACITY - 1));
    }
    // Runs with one key (copies of a message, or ranges that share a start): order by end, then time.
    for (int from = 0; from < size; ) {
      int to = from + 1;
      while (to < size && sameKey(sorted[from], sorted[to])) {
        to++;
      }
      if (to - from > 1) {
        Integer[] run = new Integer[to - from];
        for (int k = 0; k < run.length; k++) {
          run[k] = sorted[from + k];
        }
        Arrays.sort(run, (a, b) -> ends[a] != ends[b] ? Long.compare(ends[a], ends[b]) : Long.compare(times[a], times[b]));
        for (int k = 0; k < run.length; k++) {
          sorted[from + k] = run[k];
        }
      }
      from = to;
    }
    return sorted;
  }

  private boolean sameKey(int a, int b) {
    return types[a] == types[b] && starts[a] == starts[b];
  }

  /** Compares two messages by identity (type, start, end), as {@link #sortedByMessage()} orders them. */
  int compareMessage(int i, MessageLog other, int j) {
    int c = Byte.compare(types[i], other.types[j]);
    if (c != 0) {
      return c;
    }
    c = Long.compare(starts[i], other.starts[j]);
    return c != 0 ? c : Long.compare(ends[i], other.ends[j]);
  }
}
