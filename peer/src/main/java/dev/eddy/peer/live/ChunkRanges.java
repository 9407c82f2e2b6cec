package dev.eddy.peer.live;

import java.util.Map;
import java.util.TreeMap;

/** A set of chunks kept as disjoint inclusive runs: what a live peer announced (live HAVEs come in long runs). */
final class ChunkRanges {
  private final TreeMap<Long, Long> runs = new TreeMap<>();

  void add(long first, long last) {
    Map.Entry<Long, Long> before = runs.floorEntry(first);
    if (before != null && before.getValue() >= first - 1) {
      first = before.getKey();
      last = Math.max(last, before.getValue());
    }
    Map.Entry<Long, Long> next;
    while ((next = runs.ceilingEntry(first)) != null && next.getKey() <= last + 1) {
      last = Math.max(last, next.getValue());
      runs.remove(next.getKey());
    }
    runs.put(first, last);
  }

  boolean contains(long chunk) {
    Map.Entry<Long, Long> e = runs.floorEntry(chunk);
    return e != null && e.getValue() >= chunk;
  }

  /** The highest chunk in the set, or -1. */
  long last() {
    return runs.isEmpty() ? -1 : runs.lastEntry().getValue();
  }

  /** The first chunk at or after {@code from} in the set, or -1. */
  long firstFrom(long from) {
    Map.Entry<Long, Long> e = runs.floorEntry(from);
    if (e != null && e.getValue() >= from) {
      return from;
    }
    Long next = runs.higherKey(from);
    return next == null ? -1 : next;
  }

  /** Forgets every chunk before {@code first}: the window moved past them. */
  void discardBefore(long first) {
    while (!runs.isEmpty() && runs.firstEntry().getValue() < first) {
      runs.pollFirstEntry();
    }
    Map.Entry<Long, Long> head = runs.firstEntry();
    if (head != null && head.getKey() < first) {
      runs.pollFirstEntry();
      runs.put(first, head.getValue());
    }
  }
}
