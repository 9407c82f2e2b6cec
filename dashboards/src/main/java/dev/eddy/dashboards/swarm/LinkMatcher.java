package dev.eddy.dashboards.swarm;

import dev.eddy.dashboards.analysis.TimeSeries;
import dev.eddy.dashboards.analysis.TimeSeries.Point;
import dev.eddy.dashboards.swarm.SwarmReport.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Matches the messages one side of a channel sent with those the other side received. Messages carry no
 * sequence number, so a message is known by what it says (type and chunk range): copies of one message
 * (retransmissions, repeated HAVEs) form a group on each side, and a receipt belongs to the latest copy sent
 * before it.
 */
final class LinkMatcher {
  private final MessageLog sent;
  private final MessageLog received;
  private final int[] sentOrder;
  private final int[] receivedOrder;

  LinkMatcher(MessageLog sent, MessageLog received) {
    this.sent = sent;
    this.received = received;
    this.sentOrder = sent.sortedByMessage();
    this.receivedOrder = received.sortedByMessage();
  }

  /** Visits each message sent and received at least once: its copies in both orders, [from, to). */
  private interface Groups {
    void matched(int sentFrom, int sentTo, int receivedFrom, int receivedTo);
  }

  /** Visits also the messages sent and never received (receivedFrom == receivedTo). */
  private void walk(Groups groups) {
    int s = 0;
    int r = 0;
    while (s < sentOrder.length) {
      int sEnd = s + 1;
      while (sEnd < sentOrder.length && sent.sameMessage(sentOrder[s], sent, sentOrder[sEnd])) {
        sEnd++;
      }
      while (r < receivedOrder.length && received.compareMessage(receivedOrder[r], sent, sentOrder[s]) < 0) {
        r++;
      }
      int rEnd = r;
      while (rEnd < receivedOrder.length && received.sameMessage(receivedOrder[rEnd], sent, sentOrder[s])) {
        rEnd++;
      }
      groups.matched(s, sEnd, r, rEnd);
      s = sEnd;
      r = rEnd;
    }
  }

  /**
   * The least of (first receipt − first sending) over every message both sides logged, in nanoseconds of the
   * two clocks as recorded: an upper bound on (receiver's clock − sender's clock), since no message arrives
   * before it is sent. {@code Long.MAX_VALUE} when no message matched.
   */
  long minTransit() {
    long[] min = {Long.MAX_VALUE};
    walk((sFrom, sTo, rFrom, rTo) -> {
      if (rTo > rFrom) {
        min[0] = Math.min(min[0], received.time(receivedOrder[rFrom]) - sent.time(sentOrder[sFrom]));
      }
    });
    return min[0];
  }

  /** How many messages were matched with a receipt. */
  long matched() {
    long[] n = {0};
    walk((sFrom, sTo, rFrom, rTo) -> n[0] += rTo > rFrom ? 1 : 0);
    return n[0];
  }

  /** What the matching found, with delays over time on the report's axis. */
  record Result(Delivery delivery, TimeSeries delay) {}

  /**
   * Matches copy by copy.
   *
   * @param theta receiver's clock minus sender's clock, as estimated
   * @param tolerance the estimate's error bound: a receipt may belong to a sending up to this much after it
   * @param axis converts a time on the sender's clock to seconds of the report's axis
   */
  Result match(long theta, long tolerance, java.util.function.LongToDoubleFunction axis) {
    long[] counts = new long[6]; // sent, received, lost, duplicated, retransmissions, unneeded
    long[] delays = new long[received.size()];
    long[] delayAt = new long[received.size()];
    long[] dataAt = new long[received.size()];
    long[] dataSentAt = new long[received.size()];
    int[] n = {0, 0};
    walk((sFrom, sTo, rFrom, rTo) -> {
      boolean data = sent.kind(sentOrder[sFrom]) == MessageKind.DATA;
      int copies = sTo - sFrom;
      int receipts = rTo - rFrom;
      if (data) {
        counts[0] += copies;
        counts[1] += receipts;
        counts[2] += Math.max(0, copies - receipts);
        counts[3] += Math.max(0, receipts - copies);
        counts[4] += copies - 1;
        counts[5] += Math.max(0, Math.min(copies, receipts) - 1);
      }
      int s = sFrom;
      for (int r = rFrom; r < rTo; r++) {
        long at = received.time(receivedOrder[r]) - theta;
        while (s + 1 < sTo && sent.time(sentOrder[s + 1]) <= at + tolerance) {
          s++;
        }
        long sentAt = sent.time(sentOrder[s]);
        delays[n[0]] = Math.max(0, at - sentAt);
        delayAt[n[0]++] = at;
        if (data) {
          dataAt[n[1]] = at;
          dataSentAt[n[1]++] = sentAt;
        }
      }
    });
    Optional<Duration> median = Optional.empty();
    Optional<Duration> p99 = Optional.empty();
    if (n[0] > 0) {
      long[] sorted = Arrays.copyOf(delays, n[0]);
      Arrays.sort(sorted);
      median = Optional.of(Duration.ofNanos(sorted[(sorted.length - 1) / 2]));
      p99 = Optional.of(Duration.ofNanos(sorted[(int) Math.ceil(0.99 * sorted.length) - 1]));
    }
    Delivery delivery = new Delivery(counts[0], counts[1], counts[2], counts[3], reordered(dataAt, dataSentAt, n[1]),
        counts[4], counts[5], median, p99);
    return new Result(delivery, overTime(delays, delayAt, n[0], axis));
  }

  /** Receipts that arrived after a copy sent later than theirs had arrived. */
  private static long reordered(long[] at, long[] sentAt, int n) {
    if (n == 0) {
      return 0;
    }
    long min = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      min = Math.min(min, at[i]);
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      long micros = Math.min((at[i] - min) / 1000, 0xFFFF_FFFFL); // 71 minutes at most, then ties
      keys[i] = (micros << 31) | i;
    }
    Arrays.sort(keys);
    long latestSent = Long.MIN_VALUE;
    long reordered = 0;
    for (long key : keys) {
      long s = sentAt[(int) (key & 0x7FFF_FFFF)];
      if (s < latestSent) {
        reordered++;
      } else {
        latestSent = s;
      }
    }
    return reordered;
  }

  /** Median delay per bucket; about 60 buckets, at least 100 ms each. */
  private static TimeSeries overTime(long[] delays, long[] at, int n, java.util.function.LongToDoubleFunction axis) {
    if (n == 0) {
      return new TimeSeries("one-way delay", "ns", List.of());
    }
    double first = Double.MAX_VALUE;
    double last = -Double.MAX_VALUE;
    double[] seconds = new double[n];
    for (int i = 0; i < n; i++) {
      seconds[i] = axis.applyAsDouble(at[i]);
      first = Math.min(first, seconds[i]);
      last = Math.max(last, seconds[i]);
    }
    double width = Math.max(0.1, (last - first) / 60);
    int buckets = (int) ((last - first) / width) + 1;
    int[] sizes = new int[buckets];
    for (int i = 0; i < n; i++) {
      sizes[(int) ((seconds[i] - first) / width)]++;
    }
    long[][] values = new long[buckets][];
    for (int b = 0; b < buckets; b++) {
      values[b] = new long[sizes[b]];
      sizes[b] = 0;
    }
    for (int i = 0; i < n; i++) {
      int b = (int) ((seconds[i] - first) / width);
      values[b][sizes[b]++] = delays[i];
    }
    List<Point> points = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      if (values[b].length > 0) {
        Arrays.sort(values[b]);
        points.add(new Point(first + (b + 0.5) * width, values[b][(values[b].length - 1) / 2]));
      }
    }
    return new TimeSeries("one-way delay", "ns", points);
  }
}
