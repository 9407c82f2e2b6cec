package dev.eddy.dashboards.swarm;

import dev.eddy.dashboards.swarm.SwarmReport.ClockOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each recording's clock against the first one's. Every message matched across two recordings bounds their
 * offset from one side: a message from A to B says {@code clockB − clockA ≤ receipt − sending}, one from B to A
 * says {@code clockB − clockA ≥ sending − receipt} (NTP's reasoning, over every message instead of four
 * timestamps). The tightest bounds of both directions give the offset (their midpoint) and its error (half
 * their distance); recordings are then chained from the first along the tightest pairs.
 */
final class ClockAlignment {
  /** Bounds on clock[j] − clock[i] for each pair i < j. */
  private final long[][] upper;
  private final long[][] lower;
  private final long[][] samples;
  private final int size;

  ClockAlignment(int recordings) {
    size = recordings;
    upper = new long[size][size];
    lower = new long[size][size];
    samples = new long[size][size];
    for (long[] row : upper) {
      java.util.Arrays.fill(row, Long.MAX_VALUE);
    }
    for (long[] row : lower) {
      java.util.Arrays.fill(row, Long.MIN_VALUE);
    }
  }

  /**
   * Adds what the messages from recording {@code from} to recording {@code to} say.
   *
   * @param minTransit least of (receipt − sending) over the messages matched, raw clock readings
   */
  void add(int from, int to, long minTransit, long matched) {
    if (minTransit == Long.MAX_VALUE) {
      return;
    }
    if (from < to) {
      upper[from][to] = Math.min(upper[from][to], minTransit);
      samples[from][to] += matched;
    } else {
      lower[to][from] = Math.max(lower[to][from], -minTransit);
      samples[to][from] += matched;
    }
  }

  private boolean bounded(int i, int j) {
    int a = Math.min(i, j);
    int b = Math.max(i, j);
    return upper[a][b] != Long.MAX_VALUE && lower[a][b] != Long.MIN_VALUE;
  }

  /** clock[j] − clock[i], estimated. */
  private long theta(int i, int j) {
    int a = Math.min(i, j);
    int b = Math.max(i, j);
    long mid = lower[a][b] + (upper[a][b] - lower[a][b]) / 2;
    return i < j ? mid : -mid;
  }

  private long error(int i, int j) {
    int a = Math.min(i, j);
    int b = Math.max(i, j);
    return Math.abs(upper[a][b] - lower[a][b]) / 2;
  }

  /** Offsets (nanoseconds) of each recording against recording 0, and their error bounds; -1 error when unknown. */
  record Offsets(long[] offset, long[] error, List<ClockOffset> described) {}

  Offsets solve(List<String> names) {
    long[] offset = new long[size];
    long[] error = new long[size];
    int[] via = new int[size];
    java.util.Arrays.fill(error, -1);
    java.util.Arrays.fill(via, -1);
    error[0] = 0;
    // Prim's algorithm on the accumulated error: each recording joins through the pair that keeps it smallest.
    boolean[] done = new boolean[size];
    for (int round = 0; round < size; round++) {
      int best = -1;
      for (int k = 0; k < size; k++) {
        if (!done[k] && error[k] >= 0 && (best < 0 || error[k] < error[best])) {
          best = k;
        }
      }
      if (best < 0) {
        break;
      }
      done[best] = true;
      for (int k = 0; k < size; k++) {
        if (!done[k] && bounded(best, k)) {
          long e = error[best] + error(best, k);
          if (error[k] < 0 || e < error[k]) {
            error[k] = e;
            offset[k] = offset[best] + theta(best, k);
            via[k] = best;
          }
        }
      }
    }
    List<ClockOffset> described = new ArrayList<>();
    for (int k = 0; k < size; k++) {
      String reference = names.get(0);
      if (k == 0) {
        described.add(new ClockOffset(names.get(k), reference, Optional.of(Duration.ZERO), Optional.of(Duration.ZERO),
            "the reference clock"));
      } else if (error[k] < 0) {
        described.add(new ClockOffset(names.get(k), reference, Optional.empty(), Optional.empty(),
            "no message recorded on both sides of a channel to the other recordings: taken as 0"));
      } else {
        int a = Math.min(k, via[k]);
        int b = Math.max(k, via[k]);
        boolean consistent = lower[a][b] <= upper[a][b];
        described.add(new ClockOffset(names.get(k), reference, Optional.of(Duration.ofNanos(offset[k])),
            Optional.of(Duration.ofNanos(error[k])),
            "from " + samples[a][b] + " messages seen by both " + names.get(k) + " and " + names.get(via[k])
                + (via[k] == 0 ? "" : " (chained through " + names.get(via[k]) + ")")
                + (consistent ? "" : "; the two directions disagree (messages logged before a recording started?)")));
      }
    }
    return new Offsets(offset, error, described);
  }
}
