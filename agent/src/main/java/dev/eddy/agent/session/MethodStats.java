package dev.eddy.agent.session;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** One traced method's calls in summary mode: latency histogram, exceptions, maximum; printed per interval. */
final class MethodStats {
  final MethodInfo method;
  private final LatencyHistogram histogram = new LatencyHistogram();
  private final LongAdder threw = new LongAdder();
  private final AtomicLong intervalMax = new AtomicLong();
  private final AtomicLong totalMax = new AtomicLong();
  // Only touched by the control thread, which prints the intervals.
  private long[] lastCounts = new long[LatencyHistogram.BUCKETS];
  private long lastThrew;

  MethodStats(MethodInfo method) {
    this.method = method;
  }

  void record(long nanos, boolean thrown) {
    histogram.record(nanos);
    if (thrown) {
      threw.increment();
    }
    if (nanos > intervalMax.get()) {
      intervalMax.accumulateAndGet(nanos, Math::max);
    }
  }

  /** What was recorded since the previous call (or since the start); starts the next interval. */
  Summary interval() {
    long[] now = histogram.snapshot();
    long[] diff = new long[now.length];
    for (int i = 0; i < now.length; i++) {
      diff[i] = now[i] - lastCounts[i];
    }
    lastCounts = now;
    long threwNow = threw.sum();
    long threwDiff = threwNow - lastThrew;
    lastThrew = threwNow;
    long max = intervalMax.getAndSet(0);
    totalMax.accumulateAndGet(max, Math::max);
    return Summary.of(method, diff, threwDiff, max);
  }

  /** Everything recorded; call after the last {@link #interval()}. */
  Summary total() {
    return Summary.of(method, histogram.snapshot(), threw.sum(), totalMax.get());
  }

  /** Calls, exceptions and latency percentiles of one method over some time. */
  record Summary(MethodInfo method, long calls, long threw, long p50, long p90, long p99, long max) {
    static Summary of(MethodInfo method, long[] counts, long threw, long max) {
      long calls = 0;
      for (long c : counts) {
        calls += c;
      }
      // A bucket's upper bound can lie above the largest value seen: never show a percentile above the max.
      return new Summary(method, calls, threw, Math.min(max, LatencyHistogram.percentile(counts, calls, 0.50)),
          Math.min(max, LatencyHistogram.percentile(counts, calls, 0.90)),
          Math.min(max, LatencyHistogram.percentile(counts, calls, 0.99)), max);
    }

    String text() {
      return String.format(java.util.Locale.ROOT, "%s/%d: %,d calls, %,d threw", method.qualifiedName(),
          method.arity(), calls, threw)
          + (calls == 0 ? "" : ", p50 " + time(p50) + ", p90 " + time(p90) + ", p99 " + time(p99) + ", max "
              + time(max));
    }

    private static String time(long nanos) {
      if (nanos < 10_000) {
        return String.format(java.util.Locale.ROOT, "%.1f µs", nanos / 1000.0);
      }
      return nanos < 10_000_000 ? nanos / 1000 + " µs" : nanos / 1_000_000 + " ms";
    }
  }
}
