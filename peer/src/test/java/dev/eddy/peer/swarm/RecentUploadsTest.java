package dev.eddy.peer.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentUploadsTest {
  private static final long MS = 1_000_000L;

  @Test
  void holdsAChunkForTheHoldAfterItsFirstSendOnly() {
    RecentUploads recent = new RecentUploads();
    recent.onSent(7, 0);
    assertThat(recent.isHeld(7, 0)).isTrue();
    assertThat(recent.isHeld(8, 0)).isFalse();
    recent.onSent(7, 100 * MS); // sent again within the hold: the hold still counts from the first send
    assertThat(recent.isHeld(7, RecentUploads.HOLD_NS - 1)).isTrue();
    assertThat(recent.isHeld(7, RecentUploads.HOLD_NS)).isFalse();
  }

  @Test
  void keepsEverySendOfABurstLargerThanItsFirstRing() {
    RecentUploads recent = new RecentUploads();
    for (int c = 0; c < 1000; c++) {
      recent.onSent(c, c * 100_000L); // 1000 chunks in 100 ms
    }
    for (int c = 0; c < 1000; c++) {
      assertThat(recent.isHeld(c, 100 * MS)).as("chunk %d", c).isTrue();
    }
    // Expired in the order sent.
    assertThat(recent.isHeld(499, RecentUploads.HOLD_NS + 50 * MS - 1)).isFalse();
    assertThat(recent.isHeld(500, RecentUploads.HOLD_NS + 50 * MS - 1)).isTrue();
    assertThat(recent.isHeld(999, RecentUploads.HOLD_NS + 100 * MS)).isFalse();
  }
}
