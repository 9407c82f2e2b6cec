package dev.eddy.agent.session;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lock-free log-linear histogram of nanosecond latencies: 8 buckets per power of two, so a percentile is
 * off by at most 12.5% (it is reported as its bucket's upper bound). Recording is one atomic increment,
 * with no allocation, on the traced thread.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 3;
  private static final int SUB = 1 << SUB_BITS;
  static final int BUCKETS = 64 * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void record(long nanos) {
    counts.incrementAndGet(bucket(Math.max(0, nanos)));
  }

  /** A copy of the counts, to take differences between two moments. */
  long[] snapshot() {
    long[] copy = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.get(i);
    }
    return copy;
  }

  static int bucket(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    return (exponent - SUB_BITS + 1) * SUB + (int) ((v >>> (exponent - SUB_BITS)) & (SUB - 1));
  }

  /** The largest value that falls in {@code bucket}. */
  static long upperBound(int bucket) {
    if (bucket < SUB) {
      return bucket;
    }
    int exponent = bucket / SUB + SUB_BITS - 1;
    long base = (long) (SUB + bucket % SUB) << (exponent - SUB_BITS);
    return base + (1L << (exponent - SUB_BITS)) - 1;
  }

  /** The value at or below which {@code fraction} of the counted values fall (bucket upper bound); 0 when empty. */
  static long percentile(long[] counts, long total, double fraction) {
    long rank = Math.max(1, (long) Math.ceil(total * fraction));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return 0;
  }
}
