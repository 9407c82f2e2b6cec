package dev.eddy.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void everyValueFallsInABucketWhoseBoundIsWithinAnEighthAbove() {
    for (long v : new long[] {0, 1, 7, 8, 9, 15, 16, 17, 1000, 999_999, 1_000_000, 123_456_789_012L, Long.MAX_VALUE / 2}) {
      int b = LatencyHistogram.bucket(v);
      long upper = LatencyHistogram.upperBound(b);
      assertThat(upper).as("bound of %d", v).isGreaterThanOrEqualTo(v).isLessThanOrEqualTo(v + v / 8);
      assertThat(b).isLessThan(LatencyHistogram.BUCKETS);
      if (b > 0) {
        assertThat(LatencyHistogram.upperBound(b - 1)).as("previous bound of %d", v).isLessThan(v);
      }
    }
  }

  @Test
  void percentilesOfAKnownSpread() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 1000; v++) {
      h.record(v * 1000); // 1 µs .. 1 ms
    }
    long[] counts = h.snapshot();
    assertThat(LatencyHistogram.percentile(counts, 1000, 0.50)).isBetween(500_000L, 500_000L + 500_000L / 8);
    assertThat(LatencyHistogram.percentile(counts, 1000, 0.99)).isBetween(990_000L, 990_000L + 990_000L / 8);
    assertThat(LatencyHistogram.percentile(new long[LatencyHistogram.BUCKETS], 0, 0.5)).isZero();
  }
}
