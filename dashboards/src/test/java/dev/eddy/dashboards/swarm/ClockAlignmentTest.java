package dev.eddy.dashboards.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clocks of two machines apart by a known offset (what one machine's recordings cannot show): DATA one way,
 * ACKs the other, a fixed one-way delay. The estimate must hold the true offset within its error bound, and
 * the matched delays must come out as sent.
 */
class ClockAlignmentTest {
  private static final long MS = 1_000_000;
  private static final long OFFSET = 5_000 * MS; // B's clock runs 5 s ahead of A's
  private static final long DELAY = 3 * MS;

  @Test
  void findsAnOffsetOfFiveSecondsWithinItsBoundAndTheDelayAsSent() {
    MessageLog aSent = new MessageLog();
    MessageLog bReceived = new MessageLog();
    MessageLog bSent = new MessageLog();
    MessageLog aReceived = new MessageLog();
    long t = 1_700_000_000_000L * MS;
    for (int chunk = 0; chunk < 100; chunk++) {
      t += MS;
      long delay = DELAY + (chunk % 7) * MS; // queuing varies; the least delay bounds the offset
      aSent.add(t, MessageKind.DATA, chunk, chunk);
      if (chunk != 40) { // one DATA lost
        bReceived.add(t + delay + OFFSET, MessageKind.DATA, chunk, chunk);
        bSent.add(t + delay + OFFSET + MS / 10, MessageKind.ACK, chunk, chunk);
        aReceived.add(t + delay + MS / 10 + delay, MessageKind.ACK, chunk, chunk);
      }
    }
    aSent.add(t + 200 * MS, MessageKind.DATA, 40, 40); // its retransmission arrives
    bReceived.add(t + 200 * MS + DELAY + OFFSET, MessageKind.DATA, 40, 40);

    ClockAlignment alignment = new ClockAlignment(2);
    LinkMatcher data = new LinkMatcher(aSent, bReceived);
    LinkMatcher acks = new LinkMatcher(bSent, aReceived);
    alignment.add(0, 1, data.minTransit(), data.matched());
    alignment.add(1, 0, acks.minTransit(), acks.matched());
    ClockAlignment.Offsets offsets = alignment.solve(List.of("a", "b"));

    long estimate = offsets.offset()[1];
    long bound = offsets.error()[1];
    assertThat(Math.abs(estimate - OFFSET)).as("estimate %d ns ± %d", estimate, bound).isLessThanOrEqualTo(bound);
    assertThat(bound).isEqualTo(DELAY); // half a least round trip of two least one-way delays

    LinkMatcher.Result result = data.match(estimate, bound, time -> 0);
    SwarmReport.Delivery d = result.delivery();
    assertThat(d.sent()).isEqualTo(101);
    assertThat(d.received()).isEqualTo(100);
    assertThat(d.lost()).isEqualTo(1);
    assertThat(d.retransmissions()).isEqualTo(1);
    assertThat(d.unneededRetransmissions()).isZero();
    assertThat(d.medianDelay().orElseThrow().toNanos()).isBetween(DELAY, DELAY + 6 * MS);
  }
}
