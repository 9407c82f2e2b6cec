package dev.eddy.peer.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.congestion.LossRecovery.TimerAction;
import org.junit.jupiter.api.Test;

class LossRecoveryTest {
  private static final long MS = 1_000_000L;
  private final LossRecovery r = new LossRecovery();

  /** Chunks 0..n-1 sent 1 ms apart from t=0; chunk i delivered at {@code i + rttMs}. */
  private void deliverInOrder(int n, long rttMs) {
    for (int i = 0; i < n; i++) {
      r.onDelivered(i, i * MS, false, (i + rttMs) * MS);
    }
  }

  @Test
  void aChunkIsLostOnceALaterOneIsDeliveredAndItIsOverdueByMoreThanTheReorderingWindow() {
    deliverInOrder(10, 8); // min RTT 8 ms: reordering window 2 ms
    // Chunk 10 (sent at 10 ms) undelivered; chunk 11 (sent at 11 ms) delivered at 19 ms.
    r.onDelivered(11, 11 * MS, false, 19 * MS);
    assertThat(r.reorderWindowNs()).isEqualTo(2 * MS);
    assertThat(r.isLost(10, 10 * MS, 19 * MS)).as("within the reordering window").isFalse();
    assertThat(r.isLost(10, 10 * MS, 20 * MS)).isTrue(); // 10 + 8 (rack rtt) + 2
    assertThat(r.isLost(12, 12 * MS, 40 * MS)).as("sent after the latest delivery: no evidence").isFalse();
  }

  @Test
  void lossesOfOneWindowAreOneEpisode() {
    deliverInOrder(10, 8);
    assertThat(r.onLoss(10, 20)).isTrue(); // the first loss starts an episode: reduce
    assertThat(r.onLoss(12, 20)).isFalse(); // sent before it began: same episode
    assertThat(r.onLoss(19, 25)).isFalse();
    assertThat(r.onLoss(20, 30)).as("sent after the episode began").isTrue();
    assertThat(r.episodes()).isEqualTo(2);
  }

  @Test
  void aSpuriousRetransmissionWidensTheReorderingWindowUpToTheSmoothedRoundTrip() {
    deliverInOrder(10, 8);
    long before = r.reorderWindowNs();
    r.onSpuriousRetransmission();
    assertThat(r.reorderWindowNs()).isEqualTo(2 * before);
    for (int i = 0; i < 100; i++) {
      r.onSpuriousRetransmission();
    }
    assertThat(r.reorderWindowNs()).isEqualTo(r.srttNs());
    assertThat(r.spuriousRetransmissions()).isEqualTo(101);
    // Sixteen episodes without a spurious retransmission: back to a quarter of the minimum round trip.
    for (int i = 0; i < LossRecovery.EPISODES_TO_FORGET_REORDERING; i++) {
      r.onLoss(100 + 10L * i, 105 + 10L * i);
    }
    assertThat(r.reorderWindowNs()).isEqualTo(before);
  }

  @Test
  void aRetransmissionDeliveredFasterThanTheMinimumRoundTripDoesNotMoveRack() {
    deliverInOrder(10, 8);
    // Chunk 3 resent at 30 ms and "delivered" at 31 ms: that ACK was for the original, not this copy.
    r.onDelivered(20, 30 * MS, true, 31 * MS);
    assertThat(r.isLost(15, 15 * MS, 100 * MS)).isFalse();
  }

  @Test
  void silenceBringsTwoProbesThenATimeoutAndADeliveryResetsTheBackoff() {
    deliverInOrder(10, 1); // srtt about 1 ms: the probe timeout's 2 ms floor applies
    long pto = r.probeTimeoutNs();
    assertThat(pto).isEqualTo(LossRecovery.MIN_PROBE_TIMEOUT_NS);
    long sent = 100 * MS;
    assertThat(r.timer(sent, sent + pto - 1)).isEqualTo(TimerAction.NONE);
    assertThat(r.timer(sent, sent + pto)).isEqualTo(TimerAction.PROBE);
    r.onProbeSent(sent + pto);
    // The second probe waits twice as long, counted from the first.
    assertThat(r.timer(sent, sent + 2 * pto)).isEqualTo(TimerAction.NONE);
    assertThat(r.timer(sent, sent + 3 * pto)).isEqualTo(TimerAction.PROBE);
    r.onProbeSent(sent + 3 * pto);
    // Then the retransmission timeout, with its 200 ms floor.
    assertThat(r.timer(sent, sent + 3 * pto + 199 * MS)).isEqualTo(TimerAction.NONE);
    assertThat(r.timer(sent, sent + 3 * pto + 200 * MS)).isEqualTo(TimerAction.TIMEOUT);
    r.onTimeout(50, sent + 3 * pto + 200 * MS);
    assertThat(r.timeouts()).isEqualTo(1);
    assertThat(r.probesSent()).isEqualTo(2);
    // Progress: the next silence starts from a single probe timeout again.
    r.onDelivered(49, 400 * MS, false, 401 * MS);
    assertThat(r.timer(500 * MS, 500 * MS + pto)).isEqualTo(TimerAction.PROBE);
  }

  @Test
  void backedOffTimersNeverWaitLongerThanTwoSeconds() {
    deliverInOrder(10, 1);
    long now = 0;
    for (int i = 0; i < 20; i++) {
      long waited = 0;
      while (r.timer(0, now + waited) == TimerAction.NONE) {
        waited += MS;
      }
      assertThat(waited).isLessThanOrEqualTo(LossRecovery.MAX_BACKED_OFF_NS);
      now += waited;
      if (r.timer(0, now) == TimerAction.PROBE) {
        r.onProbeSent(now);
      } else {
        r.onTimeout(100, now);
      }
    }
    assertThat(r.timeouts()).isGreaterThan(5);
  }

  @Test
  void beforeAnyRoundTripSampleTheTimersWaitASecond() {
    assertThat(r.timer(0, 999 * MS)).isEqualTo(TimerAction.NONE);
    assertThat(r.timer(0, 1000 * MS)).isEqualTo(TimerAction.PROBE);
  }
}
