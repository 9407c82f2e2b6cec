package dev.eddy.peer.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A live channel's sending side on a simulated clock: LEDBAT's window decides what leaves, not the request. */
class LiveSenderTest {
  private static final int CHUNK = 1024;
  private static final int DATAGRAM = CHUNK + 40;
  private static final long MS = 1_000_000L;
  private static final long TARGET_MICROS = 25_000;

  private final LiveSender sender = new LiveSender(TARGET_MICROS, CHUNK, 8 << 20, 0);

  /** Sends everything the window lets out now; returns the chunks sent. */
  private List<Long> pump(long nowNs) {
    List<Long> sent = new ArrayList<>();
    for (long c; (c = sender.poll()) >= 0; ) {
      sender.sent(c, DATAGRAM, nowNs);
      sent.add(c);
    }
    return sent;
  }

  /** One round trip: every chunk in flight acknowledged with {@code delayMicros}, then the next send. */
  private List<Long> roundTrip(List<Long> inFlight, long delayMicros, long nowNs) {
    for (long c : inFlight) {
      sender.acked(c, c, delayMicros, nowNs);
    }
    return pump(nowNs);
  }

  @Test
  void aLargeRequestLeavesAsTheWindowOpensNotAllAtOnce() {
    sender.request(0, 999);
    List<Long> first = pump(0);
    assertThat(first).as("the initial window: two segments").containsExactly(0L, 1L);
    assertThat(sender.waiting()).isEqualTo(998);

    List<Long> second = roundTrip(first, 1_000, 10 * MS);
    assertThat(second).as("slow start: the window grew by what was acknowledged").hasSize(4).startsWith(2L);
    List<Long> third = roundTrip(second, 1_000, 20 * MS);
    assertThat(third).hasSize(8);
    assertThat(sender.bytesInFlight()).isEqualTo(8L * DATAGRAM);
  }

  @Test
  void queuingDelayAboveTheTargetHoldsTheWindowBack() {
    sender.request(0, 3999);
    List<Long> flight = pump(0);
    long now = 0;
    for (int i = 0; i < 6; i++) { // slow start on an empty path
      flight = roundTrip(flight, 1_000, now += 10 * MS);
    }
    long open = sender.cwndBytes();
    // The path's queue builds up: 40 ms over the base delay, above the 25 ms target.
    for (int i = 0; i < 10; i++) {
      flight = roundTrip(flight, 41_000, now += 50 * MS);
    }
    assertThat(sender.queuingDelayMicros()).isEqualTo(40_000);
    assertThat(sender.cwndBytes()).as("the window shrank under queuing delay").isLessThan(open);
    assertThat(flight.size()).as("and so did what one round trip sends").isLessThan((int) (open / DATAGRAM));
  }

  /**
   * A chunk never acknowledged (lost, or refused by the receiver) leaves the window at the retransmission
   * timeout and shrinks it, and goes again only when asked again: a receiver that refuses a chunk (a bad
   * signature) must not get it back until the window is full of it.
   */
  @Test
  void aChunkUnacknowledgedPastTheTimeoutShrinksTheWindowAndGoesAgainOnlyWhenAskedAgain() {
    sender.request(0, 13);
    List<Long> flight = pump(0);
    flight = roundTrip(flight, 1_000, 10 * MS);
    flight = roundTrip(flight, 1_000, 20 * MS); // chunks 6..13 in flight, the window 8 segments
    assertThat(flight).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
    for (long c : flight.subList(1, flight.size())) {
      sender.acked(c, c, 1_000, 30 * MS); // all but chunk 6: it was lost, the path still works
    }
    long before = sender.cwndBytes();
    assertThat(sender.expire(100 * MS)).as("not before the retransmission timeout (200 ms at least)").isZero();
    assertThat(sender.expire(300 * MS)).isEqualTo(1);
    // The delay samples show no queue behind the loss, so LEDBAT takes it as random: a twentieth off, not half.
    assertThat(sender.cwndBytes()).as("a random loss shrinks the window by a twentieth").isEqualTo((long) (before * 0.95));
    assertThat(sender.bytesInFlight()).isZero();
    assertThat(sender.poll()).as("not sent again unasked").isEqualTo(-1);
    sender.request(6, 6);
    assertThat(sender.poll()).isEqualTo(6L);

    sender.sent(6, DATAGRAM, 300 * MS);
    assertThat(sender.expire(3_000 * MS)).as("unanswered again, nothing else acknowledged").isEqualTo(1);
    assertThat(sender.cwndBytes()).as("a timeout: one segment").isEqualTo(CHUNK + LiveSender.DATAGRAM_OVERHEAD);
    assertThat(sender.timedOut()).isEqualTo(2);
  }

  @Test
  void requestsAreQueuedOnceAndBoundedAndTheWindowMovingOnOrACancelDropsThem() {
    sender.request(0, 9);
    sender.request(5, 14); // asked again, overlapping: only 10..14 are new
    assertThat(sender.waiting()).isEqualTo(15);
    sender.forgetBefore(8);
    assertThat(sender.waiting()).isEqualTo(7);
    long sent = sender.poll();
    sender.sent(sent, DATAGRAM, 0);
    long window = sender.cwndBytes();
    sender.cancel(8, 10); // the receiver refused them: out of the queue and the flight, no congestion signal
    assertThat(sender.waiting()).isEqualTo(4);
    assertThat(sender.bytesInFlight()).isZero();
    assertThat(sender.cwndBytes()).isEqualTo(window);
    assertThat(sender.expire(10_000 * MS)).isZero();
    sender.request(100, 100 + LiveSender.MAX_QUEUED);
    assertThat(sender.waiting()).isEqualTo(LiveSender.MAX_QUEUED);
    assertThat(sender.refused()).as("4097 asked, room for 4092").isEqualTo(5);
  }
}
