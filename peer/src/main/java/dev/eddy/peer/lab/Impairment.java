package dev.eddy.peer.lab;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the relay does to each datagram, the same in both directions (each direction draws its own random
 * numbers from the one seed, so a run is reproducible).
 *
 * @param loss which datagrams are dropped
 * @param delay one-way delay added to every datagram
 * @param jitter each datagram's delay varies uniformly within {@code delay ± jitter}; datagrams whose delays
 *     differ by more than their spacing overtake each other, as on a real path
 * @param reorder share of datagrams held back until {@link #REORDER_DISTANCE} later ones of the same
 *     direction passed them (or at most {@link #REORDER_MAX_HOLD}), as reordering on real paths displaces
 *     a datagram by a few places
 * @param duplicate share of datagrams delivered twice
 * @param rateBitsPerSecond bottleneck rate, or 0 for none
 * @param queueBytes the bottleneck's queue: a datagram that finds it full is dropped (tail drop)
 * @param blackouts windows, from the relay's start, in which every datagram is dropped
 * @param seed seeds every random choice
 */
public record Impairment(
    LossModel loss,
    Duration delay,
    Duration jitter,
    double reorder,
    double duplicate,
    long rateBitsPerSecond,
    int queueBytes,
    List<Blackout> blackouts,
    long seed) {

  /** How many later datagrams overtake a reordered one. */
  public static final int REORDER_DISTANCE = 3;

  /**
   * A reordered datagram that too few others pass in time goes after this, beyond its delay: reordering
   * displaces a datagram by a few places, not by a pause in the traffic (the end of a window).
   */
  public static final Duration REORDER_MAX_HOLD = Duration.ofMillis(1);

  public static final Impairment NONE =
      new Impairment(LossModel.NONE, Duration.ZERO, Duration.ZERO, 0, 0, 0, 0, List.of(), 1);

  public Impairment {
    Objects.requireNonNull(loss, "loss");
    if (delay.isNegative() || jitter.isNegative() || jitter.compareTo(delay) > 0) {
      throw new IllegalArgumentException("delay and jitter must be >= 0, with jitter at most the delay");
    }
    if (!(reorder >= 0 && reorder <= 1) || !(duplicate >= 0 && duplicate <= 1)) {
      throw new IllegalArgumentException("reorder and duplicate are shares between 0 and 100%");
    }
    if (rateBitsPerSecond < 0 || (rateBitsPerSecond > 0 && queueBytes < 1500)) {
      throw new IllegalArgumentException("a rate limit needs a rate > 0 and a queue of at least 1500 bytes");
    }
    blackouts = List.copyOf(blackouts);
  }

  public Impairment withLoss(LossModel value) {
    return new Impairment(value, delay, jitter, reorder, duplicate, rateBitsPerSecond, queueBytes, blackouts, seed);
  }

  public Impairment withDelay(Duration value, Duration jitterValue) {
    return new Impairment(loss, value, jitterValue, reorder, duplicate, rateBitsPerSecond, queueBytes, blackouts, seed);
  }

  public Impairment withReorder(double value) {
    return new Impairment(loss, delay, jitter, value, duplicate, rateBitsPerSecond, queueBytes, blackouts, seed);
  }

  public Impairment withDuplicate(double value) {
    return new Impairment(loss, delay, jitter, reorder, value, rateBitsPerSecond, queueBytes, blackouts, seed);
  }

  public Impairment withRate(long bitsPerSecond, int queue) {
    return new Impairment(loss, delay, jitter, reorder, duplicate, bitsPerSecond, queue, blackouts, seed);
  }

  public Impairment withBlackouts(List<Blackout> value) {
    return new Impairment(loss, delay, jitter, reorder, duplicate, rateBitsPerSecond, queueBytes, value, seed);
  }

  public Impairment withSeed(long value) {
    return new Impairment(loss, delay, jitter, reorder, duplicate, rateBitsPerSecond, queueBytes, blackouts, value);
  }

  /** A window in which nothing gets through, counted from the relay's start. */
  public record Blackout(Duration start, Duration length) {
    public Blackout {
      if (start.isNegative() || length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("a blackout starts at >= 0 and lasts > 0");
      }
    }

    boolean covers(long sinceStartNs) {
      return sinceStartNs >= start.toNanos() && sinceStartNs < start.toNanos() + length.toNanos();
    }
  }
}
