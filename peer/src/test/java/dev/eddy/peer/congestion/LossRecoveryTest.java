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
      r.onDelivered(i, i * MS, false, false, (i + rttMs) * MS);
    }
  }

  @Test
  void aChunkIsLostOnceALaterOneIsDeliveredAndItIsOverdueByMoreThanTheReorderingWindow() {
    deliverInOrder(10, 8); // min RTT 8 ms: reordering window 2 ms
    // Chunk 10 (sent at 10 ms) undelivered; chunk 11 (sent at 11 ms) delivered at 19 ms.
    r.onDelivered(11, 11 * MS, false, false, 19 * MS);
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
  void onASubMillisecondPathTheWindowWidensInQuarterMillisecondsUpToTwo() {
    for (int i = 0; i < 10; i++) {
      r.onDelivered(i, i * MS, false, false, i * MS + 60_000); // 60 µs round trips, as on loopback
    }
    assertThat(r.reorderWindowNs()).isEqualTo(MS / 4);
    r.onSpuriousRetransmission();
    assertThat(r.reorderWindowNs()).isEqualTo(MS / 2);
    for (int i = 0; i < 100; i++) {
      r.onSpuriousRetransmission();
    }
    assertThat(r.reorderWindowNs()).isEqualTo(2 * MS);
  }

  @Test
  void aChunkAcknowledgedAfterItWasPresumedLostWidensTheWindowToItsLatenessAtOnce() {
    deliverInOrder(10, 20); // min RTT 20 ms: steps of 5 ms, up to the smoothed 20 ms
    r.onDelivered(11, 11 * MS, false, false, 31 * MS);
    assertThat(r.isLost(10, 10 * MS, 35 * MS)).isTrue(); // 10 + 20 (rack rtt) + 5
    // Its ACK comes at 42 ms: 12 ms later than its round trip. One step would make the window 10 ms, which
    // the next chunk held back as long would overrun again; the window covers the lateness seen, plus a step.
    assertThat(r.reorderingSeen()).isFalse();
    r.onLateDelivery(10 * MS, false, 42 * MS);
    assertThat(r.reorderWindowNs()).isEqualTo(17 * MS);
    assertThat(r.reorderingSeen()).isTrue();
    assertThat(r.spuriousRetransmissions()).as("nothing was sent twice").isZero();
    // Sixteen episodes without such a case forget it.
    for (int i = 0; i < LossRecovery.EPISODES_TO_FORGET_REORDERING; i++) {
      r.onLoss(100 + 10L * i, 105 + 10L * i);
    }
    assertThat(r.reorderWindowNs()).isEqualTo(5 * MS);
    assertThat(r.reorderingSeen()).isFalse();
  }

  @Test
  void aLatenessBeyondTheSmoothedRoundTripIsCoveredWhereTheRoundTripVariesThatMuch() {
    // A loaded host: round trips of 4 and 12 ms by turns (srtt about 8 ms, deviation about 4 ms).
    for (int i = 0; i < 40; i++) {
      r.onDelivered(i, i * 20 * MS, false, false, (i * 20 + (i % 2 == 0 ? 4 : 12)) * MS);
    }
    long srtt = r.srttNs();
    r.onDelivered(41, 820 * MS, false, false, 824 * MS);
    r.onLateDelivery(800 * MS, false, 824 * MS); // chunk 40: 20 ms later than chunk 41's round trip
    assertThat(r.reorderWindowNs()).isGreaterThan(20 * MS).isGreaterThan(2 * srtt);
    assertThat(r.reorderWindowNs()).isLessThanOrEqualTo(r.rtoNs());
  }

  @Test
  void aLateHaveWidensTheWindowByAStepOnly() {
    deliverInOrder(10, 20);
    r.onDelivered(11, 11 * MS, false, false, 31 * MS);
    // A HAVE repeats what an earlier ACK datagram said: its arrival is no measure of the chunk's.
    r.onLateDelivery(10 * MS, true, 42 * MS);
    assertThat(r.reorderWindowNs()).isEqualTo(10 * MS);
  }

  @Test
  void reorderingSeenBeforeItCostsARetransmissionWidensTheWindow() {
    deliverInOrder(10, 20);
    r.onDelivered(11, 11 * MS, false, false, 31 * MS);
    r.onDelivered(13, 13 * MS, false, false, 33 * MS);
    // Chunk 12 acknowledged together with chunk 13: the order within one ACK datagram is the receiver's.
    r.onDelivered(12, 12 * MS, false, false, 33 * MS);
    assertThat(r.reorderWindowNs()).isEqualTo(5 * MS);
    // Chunk 10, overtaken by 11 and 13, comes 14 ms later than chunk 13's round trip: within the window
    // by chance (no tick ran in between), but the next one held back as long would not be.
    r.onDelivered(10, 10 * MS, false, false, 44 * MS);
    assertThat(r.reorderWindowNs()).isEqualTo(19 * MS);
  }

  @Test
  void aRetransmittedChunksDeliveryDoesNotMoveRack() {
    deliverInOrder(10, 8);
    // A chunk probed at 30 ms and "delivered" at 39 ms: perhaps by its original's ACK, so it proves nothing
    // about chunks 10..19 sent before the probe.
    r.onDelivered(20, 30 * MS, true, false, 39 * MS);
    assertThat(r.isLost(15, 15 * MS, 100 * MS)).isFalse();
    r.onDelivered(21, 31 * MS, false, false, 39 * MS);
    assertThat(r.isLost(15, 15 * MS, 100 * MS)).isTrue();
  }

  /** Runs the timer through {@code ms} milliseconds of silence from {@code sentMs}; returns "PROBE@t", "TIMEOUT@t". */
  private java.util.List<String> silence(long sentMs, long ms) {
    return silence(sentMs, ms, false);
  }

  /** As {@link #silence(long, long)}, with chunks not sent yet waiting ({@code newData}) or not. */
  private java.util.List<String> silence(long sentMs, long ms, boolean newData) {
    java.util.List<String> actions = new java.util.ArrayList<>();
    for (long t = sentMs; t <= sentMs + ms; t++) {
      TimerAction a = r.timer(sentMs * MS, newData, t * MS);
      if (a == TimerAction.PROBE) {
        r.onProbeSent(t * MS);
      } else if (a == TimerAction.TIMEOUT) {
        r.onTimeout(1000, t * MS);
      }
      if (a != TimerAction.NONE) {
        actions.add(a + "@" + (t - sentMs));
      }
    }
    return actions;
  }

  @Test
  void silenceBringsProbesAtDoublingIntervalsThenATimeoutAndADeliveryResetsTheBackoff() {
    deliverInOrder(10, 1); // srtt about 1 ms: the probe timeout's 20 ms floor applies
    assertThat(r.probeTimeoutNs()).isEqualTo(LossRecovery.MIN_PROBE_TIMEOUT_NS);
    assertThat(silence(100, 250)).containsExactly(
        "PROBE@20", "PROBE@60", "PROBE@140", "TIMEOUT@200", "PROBE@240");
    assertThat(r.timeouts()).isEqualTo(1);
    assertThat(r.probesSent()).isEqualTo(4);
    // Progress: the next silence starts from a single probe timeout again.
    r.onDelivered(49, 400 * MS, false, false, 401 * MS);
    assertThat(silence(500, 21)).containsExactly("PROBE@20");
  }

  @Test
  void whileLaterChunksAreDeliveredTheOldestIsLeftToRackNotProbed() {
    deliverInOrder(10, 1);
    // Chunk 10, sent at 100 ms, is held back (reordered); chunks sent after it keep arriving each millisecond.
    for (int t = 101; t < 120; t++) {
      r.onDelivered(t - 90, t * MS, false, false, (t + 1) * MS);
      assertThat(r.timer(100 * MS, false, (t + 1) * MS)).as("at %d ms", t + 1).isEqualTo(TimerAction.NONE);
    }
    // Then silence: the probe comes a probe timeout after the last delivery.
    assertThat(r.timer(100 * MS, false, 139 * MS)).isEqualTo(TimerAction.NONE);
    assertThat(r.timer(100 * MS, false, 140 * MS)).isEqualTo(TimerAction.PROBE);
  }

  @Test
  void backedOffTimersNeverWaitLongerThanTwoSeconds() {
    deliverInOrder(10, 1);
    java.util.List<String> actions = silence(0, 60_000);
    long previous = 0;
    for (String a : actions) {
      long at = Long.parseLong(a.substring(a.indexOf('@') + 1));
      assertThat(at - previous).as(a).isLessThanOrEqualTo(LossRecovery.MAX_BACKED_OFF_NS / MS);
      previous = at;
    }
    assertThat(r.timeouts()).isGreaterThan(10);
  }

  @Test
  void beforeAnyRoundTripSampleTheTimersWaitASecond() {
    assertThat(r.timer(0, true, 999 * MS)).isEqualTo(TimerAction.NONE);
    assertThat(r.timer(0, true, 1000 * MS)).isEqualTo(TimerAction.PROBE);
  }

  @Test
  void aProbeWithChunksNotSentYetComesAfterTwoRoundTripsOnASubMillisecondPathNotAfterTheResendingProbesFloor() {
    // Loopback: 0.4 ms round trips. Resending costs a chunk sent twice, so that probe keeps its 20 ms floor;
    // a probe with new chunks sends nothing twice and waits only the timer's millisecond.
    for (int i = 0; i < 10; i++) {
      r.onDelivered(i, i * MS, false, false, i * MS + 400_000);
    }
    assertThat(silence(100, 40, true)).containsExactly("PROBE@1", "PROBE@3", "PROBE@7", "PROBE@15", "PROBE@31");
    assertThat(silence(200, 6, false)).as("backed off as before").isEmpty();
    r.onDelivered(10, 300 * MS, false, false, 300 * MS + 400_000);
    assertThat(silence(400, 21, false)).containsExactly("PROBE@20");
    assertThat(r.timeouts()).isZero();
  }
}
