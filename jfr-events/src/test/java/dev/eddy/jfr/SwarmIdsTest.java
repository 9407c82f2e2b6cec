package dev.eddy.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SwarmIdsTest {
  @Test
  void keepsTheFirstSixteenHexDigits() {
    assertThat(SwarmIds.abbreviate("e5a12c7ad2d8fab33c699d1e198d66f79fa610c3")).isEqualTo("e5a12c7ad2d8fab3");
    assertThat(SwarmIds.abbreviate("e5a12c7ad2d8fab3")).isEqualTo("e5a12c7ad2d8fab3");
  }

  @Test
  void keepsShorterIdsWhole() {
    assertThat(SwarmIds.abbreviate("")).isEmpty();
    assertThat(SwarmIds.abbreviate("abc")).isEqualTo("abc");
  }
}
