package dev.eddy.peer.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {
  private static final long MS = 1_000_000L;

  @Test
  void usesTheInitialTimeoutUntilMeasured() {
    RttEstimator r = new RttEstimator(1000 * MS, 50 * MS, 60_000 * MS);
    assertThat(r.rtoNs()).isEqualTo(1000 * MS);
    assertThat(r.srttNs()).isZero();
  }

  @Test
  void followsSamplesAsRfc6298AndClampsToTheMinimum() {
    RttEstimator r = new RttEstimator(1000 * MS, 50 * MS, 60_000 * MS);
    r.onSample(100 * MS);
    assertThat(r.srttNs()).isEqualTo(100 * MS);
    assertThat(r.rtoNs()).isEqualTo(300 * MS); // 100 + 4 * 50
    for (int i = 0; i < 50; i++) {
      r.onSample(MS);
    }
    assertThat(r.rtoNs()).isEqualTo(50 * MS);
  }
}
