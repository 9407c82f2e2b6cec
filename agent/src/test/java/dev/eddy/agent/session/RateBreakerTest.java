package dev.eddy.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateBreakerTest {
  private final AtomicLong nowNs = new AtomicLong(1_000);

  @Test
  void tripsOnTheCallThatExceedsTheWindowsBudget() {
    RateBreaker breaker = new RateBreaker(3, Duration.ofSeconds(1), nowNs::get);
    assertThat(breaker.admit()).isTrue();
    assertThat(breaker.admit()).isTrue();
    assertThat(breaker.admit()).isTrue();
    assertThat(breaker.admit()).isFalse();
  }

  @Test
  void aNewWindowStartsAFreshCount() {
    RateBreaker breaker = new RateBreaker(2, Duration.ofMillis(100), nowNs::get);
    assertThat(breaker.admit()).isTrue();
    assertThat(breaker.admit()).isTrue();
    nowNs.addAndGet(Duration.ofMillis(100).toNanos());
    assertThat(breaker.admit()).isTrue();
    assertThat(breaker.admit()).isTrue();
    assertThat(breaker.admit()).isFalse();
  }
}
