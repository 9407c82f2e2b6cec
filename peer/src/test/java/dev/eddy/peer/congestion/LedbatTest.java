package dev.eddy.peer.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LedbatTest {
  private static final int MSS = 1024;
  private static final long MAX = 4L << 20;
  private static final long MS = 1_000_000L;

  @Test
  void slowStartGrowsTheWindowByWhatIsAckedWhileThereIsNoQueue() {
    Ledbat l = new Ledbat(25_000, MSS, MAX, 0);
    long before = l.cwndBytes();
    l.onAck(1_000, MSS, 0, MS);
    l.onAck(1_000, MSS, 0, 2 * MS);
    assertThat(l.cwndBytes()).isEqualTo(before + 2 * MSS);
    assertThat(l.inSlowStart()).isTrue();
  }

  @Test
  void queuingDelayAboveThreeQuartersOfTheTargetEndsSlowStart() {
    Ledbat l = new Ledbat(25_000, MSS, MAX, 0);
    l.onAck(1_000, MSS, 0, MS);
    for (int i = 0; i < Ledbat.CURRENT_FILTER; i++) {
      l.onAck(1_000 + 18_000, MSS, 10 * MSS, 2 * MS);
    }
    assertThat(l.inSlowStart()).as("18 ms is below 3/4 of 25 ms").isTrue();
    for (int i = 0; i < Ledbat.CURRENT_FILTER; i++) {
      l.onAck(1_000 + 20_000, MSS, 10 * MSS, 3 * MS);
    }
    assertThat(l.inSlowStart()).isFalse();
    assertThat(l.queuingDelayMicros()).isEqualTo(20_000);
  }

  @Test
  void windowShrinksWhenQueuingDelayExceedsTheTargetAndGrowsBelowIt() {
    Ledbat l = new Ledbat(25_000, MSS, MAX, 0);
    l.onAck(0, MSS, 0, 0);
    // Leave slow start with a window of several segments.
    for (int i = 0; i < 30; i++) {
      l.onAck(0, MSS, 100 * MSS, i * MS);
    }
    for (int i = 0; i < Ledbat.CURRENT_FILTER; i++) {
      l.onAck(50_000, MSS, 100 * MSS, 40 * MS);
    }
    long high = l.cwndBytes();
    for (int i = 0; i < 20; i++) {
      l.onAck(50_000, MSS, 100 * MSS, (50 + i) * MS);
    }
    assertThat(l.cwndBytes()).isLessThan(high);
    long low = l.cwndBytes();
    for (int i = 0; i < 20; i++) {
      l.onAck(2_000, MSS, 100 * MSS, (80 + i) * MS);
    }
    assertThat(l.cwndBytes()).isGreaterThan(low);
  }

  @Test
  void baseDelayIsTheMinimumOverTheHistoryAndForgetsOldMinutes() {
    Ledbat l = new Ledbat(25_000, MSS, MAX, 0);
    assertThat(l.baseDelayMicros()).isZero();
    l.onAck(-3_000, MSS, 0, 0); // clocks differ: negative samples are normal
    l.onAck(5_000, MSS, 0, 30 * 1000 * MS);
    assertThat(l.baseDelayMicros()).isEqualTo(-3_000);
    // Eleven minutes later the old minimum has left the ten one-minute buckets.
    l.onAck(7_000, MSS, 0, 11 * 60 * 1000 * MS);
    assertThat(l.baseDelayMicros()).isEqualTo(7_000);
  }

  @Test
  void eachLossEpisodeWithAQueueOfAQuarterOfTheTargetHalvesTheWindowAndEndsSlowStart() {
    Ledbat l = new Ledbat(25_000, MSS, MAX, 0);
    l.onAck(0, MSS, 0, 0);
    for (int i = 1; i < 62; i++) {
      l.onAck(6_250, MSS, 0, i * MS); // 6.25 ms of queue: congestion, though slow start goes on
    }
    assertThat(l.cwndBytes()).isEqualTo(64 * MSS);
    assertThat(l.queuingDelayMicros()).isEqualTo(6_250);
    l.onLoss();
    assertThat(l.cwndBytes()).isEqualTo(32 * MSS);
    assertThat(l.inSlowStart()).isFalse();
    l.onLoss();
    assertThat(l.cwndBytes()).isEqualTo(16 * MSS);
    for (int i = 0; i < 10; i++) {
      l.onLoss();
    }
    assertThat(l.cwndBytes()).isEqualTo(2 * MSS); // never below two segments
  }

  @Test
  void aLossCostsLessOfTheWindowTheLessQueueStandsBehindIt() {
    // No queue: the path dropped a datagram it had room for; a twentieth of the window goes.
    Ledbat random = slowStartedTo64Segments(0);
    random.onLoss();
    assertThat(random.cwndBytes()).isEqualTo((long) (64 * MSS * 0.95));
    assertThat(random.inSlowStart()).isFalse();
    for (int i = 0; i < 100; i++) {
      random.onLoss();
    }
    assertThat(random.cwndBytes()).isEqualTo(2 * MSS); // never below two segments
    // An eighth of the target: half way between a random loss and congestion.
    Ledbat between = slowStartedTo64Segments(3_125);
    between.onLoss();
    assertThat(between.cwndBytes()).isEqualTo((long) (64 * MSS * 0.725));
    // The queue grows past a quarter of the target: the next loss is congestion, and halves the window.
    for (int i = 0; i < 200; i++) {
      random.onAck(20_000, MSS, random.cwndBytes(), (100 + i) * MS);
    }
    long before = random.cwndBytes();
    assertThat(before).isGreaterThan(4 * MSS);
    random.onLoss();
    assertThat(random.cwndBytes()).isEqualTo(before / 2);
  }

  /** A window that slow start took to 64 segments, every ACK showing {@code queuingMicros} of queue. */
  private static Ledbat slowStartedTo64Segments(long queuingMicros) {
    Ledbat l = new Ledbat(25_000, MSS, MAX, 0);
    l.onAck(0, MSS, 0, 0);
    for (int i = 1; i < 62; i++) {
      l.onAck(queuingMicros, MSS, 0, i * MS);
    }
    assertThat(l.cwndBytes()).isEqualTo(64 * MSS);
    assertThat(l.queuingDelayMicros()).isEqualTo(queuingMicros);
    return l;
  }

  @Test
  void timeoutResetsToOneSegmentButSendingNeverStalls() {
    Ledbat l = new Ledbat(25_000, MSS, MAX, 0);
    l.onTimeout();
    assertThat(l.cwndBytes()).isEqualTo(MSS);
    assertThat(l.canSend(0, MSS)).isTrue();
    assertThat(l.canSend(MSS, MSS)).isFalse();
  }

  @Test
  void afterATimeoutSlowStartClimbsBackToHalfTheFormerWindow() {
    Ledbat l = new Ledbat(25_000, MSS, MAX, 0);
    for (int i = 0; i < 62; i++) {
      l.onAck(0, MSS, 0, i * MS);
    }
    l.onTimeout();
    assertThat(l.inSlowStart()).isTrue();
    for (int i = 0; i < 40; i++) {
      l.onAck(0, MSS, 100 * MSS, (100 + i) * MS);
    }
    assertThat(l.inSlowStart()).isFalse();
    assertThat(l.cwndBytes()).isBetween(32L * MSS, 34L * MSS);
  }

  @Test
  void windowNeverExceedsTheConfiguredMaximum() {
    Ledbat l = new Ledbat(25_000, MSS, 16 * MSS, 0);
    for (int i = 0; i < 100; i++) {
      l.onAck(0, MSS, 0, i * MS);
    }
    assertThat(l.cwndBytes()).isEqualTo(16 * MSS);
  }

  @Test
  void slowStartEndsOnTwoSamplesInARowAboveThreeQuartersOfTheTargetNotOnALoneSpike() {
    Ledbat l = new Ledbat(25_000, MSS, MAX, 0);
    for (int i = 0; i < 3; i++) {
      l.onAck(1_000, 4 * MSS, 0, i * MS); // base delay 1 ms, no queue
    }
    l.onAck(1_000 + 40_000, 4 * MSS, 0, 3 * MS); // a receiver's pause
    l.onAck(1_000, 4 * MSS, 0, 4 * MS);
    assertThat(l.inSlowStart()).isTrue();
    long before = l.cwndBytes();
    l.onAck(1_000 + 20_000, 4 * MSS, 0, 5 * MS);
    l.onAck(1_000 + 20_000, 4 * MSS, 0, 6 * MS); // 20 ms of queue, though the filter's minimum still says 0
    assertThat(l.inSlowStart()).isFalse();
    assertThat(l.cwndBytes()).isLessThanOrEqualTo(before + 4 * MSS + MSS);
  }
}
