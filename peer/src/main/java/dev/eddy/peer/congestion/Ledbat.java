package dev.eddy.peer.congestion;

import java.util.Arrays;

/**
 * LEDBAT congestion control (RFC 6817) for one channel's sending side: pure logic, driven by the one-way
 * delay samples that ACKs carry and by the caller's clock ({@code nowNs}), so it is tested without sockets.
 *
 * <p>Delays are in microseconds. The base delay is the minimum over {@link #BASE_HISTORY_MINUTES} one-minute
 * buckets (§3.4.2), the current delay the minimum of the last {@link #CURRENT_FILTER} samples. A slow start
 * (allowed by §2.4.2 of the RFC and used by libswift) doubles the window each round trip until the queuing
 * delay passes three quarters of the target (as LEDBAT++ does: at half the target, the delay spikes of a
 * peer's first, still interpreted, seconds ended slow start at a tenth of the path's capacity, and the linear
 * controller's one segment per round trip took ten seconds to recover) or a loss occurs; after that the
 * window follows the RFC's linear controller. A loss halves the window only where the queuing delay says the
 * path is congested, and costs less the less queue stands behind it ({@link #onLoss}).
 */
public final class Ledbat {
  /** RFC 6817 default target is 100 ms at most; libswift uses 25 ms, so do we. */
  public static final long DEFAULT_TARGET_DELAY_MICROS = 25_000;

  static final int BASE_HISTORY_MINUTES = 10;
  static final int CURRENT_FILTER = 4;
  static final int MIN_CWND_SEGMENTS = 2;
  static final int ALLOWED_INCREASE_SEGMENTS = 1;
  /** A loss with at least the target divided by this of queuing delay behind it is congestion. */
  static final int CONGESTION_QUEUE_DIVISOR = 4;
  /** The share of the window a loss with no queue behind it leaves. */
  static final double RANDOM_LOSS_KEPT = 0.95;
  /** The share of the window a congestion loss leaves, as TCP. */
  static final double CONGESTION_LOSS_KEPT = 0.5;
  private static final long MINUTE_NS = 60_000_000_000L;

  private final long targetDelayMicros;
  private final int segmentBytes;
  private final long maxCwndBytes;
  private final double gain;

  private final long[] baseDelays = new long[BASE_HISTORY_MINUTES];
  private int baseIndex;
  private long lastRolloverNs;
  private boolean anySample;

  private final long[] currentDelays = new long[CURRENT_FILTER];
  private int currentCount;
  private int currentNext;

  private double cwndBytes;
  private boolean slowStart = true;
  /** Slow start ends at this window (after a timeout: half the window before it), or on queuing delay. */
  private double slowStartThreshold = Double.MAX_VALUE;
  private long lastQueuingDelayMicros;
  /** The delay sample before the latest: slow start ends on two in a row. */
  private long previousDelayMicros = Long.MAX_VALUE;

  /**
   * @param targetDelayMicros queuing delay LEDBAT aims for
   * @param segmentBytes bytes of one full datagram payload (the RFC's MSS)
   * @param maxCwndBytes upper bound on the window (the receiver's buffers are finite)
   * @param nowNs current time
   */
  public Ledbat(long targetDelayMicros, int segmentBytes, long maxCwndBytes, long nowNs) {
    if (targetDelayMicros <= 0 || segmentBytes <= 0 || maxCwndBytes < (long) MIN_CWND_SEGMENTS * segmentBytes) {
      throw new IllegalArgumentException("bad LEDBAT parameters");
    }
    this.targetDelayMicros = targetDelayMicros;
    this.segmentBytes = segmentBytes;
    this.maxCwndBytes = maxCwndBytes;
    this.gain = 1.0;
    this.cwndBytes = (double) MIN_CWND_SEGMENTS * segmentBytes;
    this.lastRolloverNs = nowNs;
    Arrays.fill(baseDelays, Long.MAX_VALUE);
  }

  /**
   * An ACK acknowledged {@code bytesAcked} new bytes and carried a one-way delay sample.
   *
   * @param delayMicros receiver's clock minus our DATA timestamp (may be negative: clocks differ; only
   *     differences to the base delay matter)
   * @param bytesInFlight bytes still unacknowledged after this ACK (the RFC's flightsize)
   */
  public void onAck(long delayMicros, long bytesAcked, long bytesInFlight, long nowNs) {
    updateBaseDelay(delayMicros, nowNs);
    updateCurrentDelay(delayMicros);
    long queuing = Math.max(0, currentDelay() - baseDelay());
    lastQueuingDelayMicros = queuing;
    if (slowStart) {
      // Slow start ends on the latest two samples, not the filter's four: its minimum lags by as many ACKs,
      // and early ACKs cover many chunks each, so the window overshot by a queue's worth. Not on one sample:
      // a lone spike (a receiving JVM's pause, the tail of a burst through a cold relay) ended slow start at
      // 100 KiB on a 100 ms path, where one segment per round trip then took seconds to grow.
      long recentQueuing = Math.max(0, Math.min(delayMicros, previousDelayMicros) - baseDelay());
      if (recentQueuing > targetDelayMicros * 3 / 4 || cwndBytes >= slowStartThreshold) {
        slowStart = false;
      } else {
        cwndBytes += bytesAcked;
      }
    }
    previousDelayMicros = delayMicros;
    if (!slowStart) {
      double offTarget = (double) (targetDelayMicros - queuing) / targetDelayMicros;
      cwndBytes += gain * offTarget * bytesAcked * segmentBytes / cwndBytes;
      // §2.4.2: do not let the window grow far beyond what is actually in flight.
      double maxAllowed = bytesInFlight + bytesAcked + (double) ALLOWED_INCREASE_SEGMENTS * segmentBytes;
      cwndBytes = Math.min(cwndBytes, Math.max(maxAllowed, (double) MIN_CWND_SEGMENTS * segmentBytes));
    }
    clamp();
  }

  /**
   * A loss episode began. The caller calls this once per episode, not per lost datagram ({@link
   * LossRecovery#onLoss}). With a queue of at least a quarter of the target behind it, the loss is taken as
   * congestion and the window halves (§2.4.1, as TCP). With no queue, the path dropped a datagram it had room
   * for (a lossy link, not an overflowing queue, which the delay would show), and the window loses a
   * twentieth; between the two, the share lost grows with the queue. At 5% random loss on loopback, halving
   * held the window to six segments, against 57 KiB without loss; a fifth lost (libswift's LEDBAT, on every
   * loss) to about ten.
   */
  public void onLoss() {
    slowStart = false;
    double congestion = Math.min(1.0, (double) lastQueuingDelayMicros * CONGESTION_QUEUE_DIVISOR / targetDelayMicros);
    double kept = RANDOM_LOSS_KEPT - (RANDOM_LOSS_KEPT - CONGESTION_LOSS_KEPT) * congestion;
    cwndBytes = Math.min(cwndBytes, Math.max(cwndBytes * kept, (double) MIN_CWND_SEGMENTS * segmentBytes));
  }

  /**
   * The retransmission timer fired with nothing acknowledged: back to one segment (§2.4.2), then slow start
   * up to half the window that timed out, as TCP does, instead of a linear climb from one segment.
   */
  public void onTimeout() {
    slowStartThreshold = Math.max(cwndBytes / 2, (double) MIN_CWND_SEGMENTS * segmentBytes);
    slowStart = true;
    cwndBytes = segmentBytes;
  }

  /** Whether {@code bytes} more may be sent with {@code bytesInFlight} already unacknowledged. */
  public boolean canSend(long bytesInFlight, int bytes) {
    return bytesInFlight == 0 || bytesInFlight + bytes <= (long) cwndBytes;
  }

  public long cwndBytes() {
    return (long) cwndBytes;
  }

  /** Lowest delay seen over the history window, or 0 before the first sample. */
  public long baseDelayMicros() {
    return anySample ? minOf(baseDelays, baseDelays.length) : 0;
  }

  public long queuingDelayMicros() {
    return lastQueuingDelayMicros;
  }

  public boolean inSlowStart() {
    return slowStart;
  }

  public long targetDelayMicros() {
    return targetDelayMicros;
  }

  private long baseDelay() {
    return minOf(baseDelays, baseDelays.length);
  }

  private long currentDelay() {
    return minOf(currentDelays, currentCount);
  }

  private void updateBaseDelay(long delayMicros, long nowNs) {
    anySample = true;
    // Roll over one bucket per elapsed minute; after a long silence every old bucket is forgotten.
    long minutes = (nowNs - lastRolloverNs) / MINUTE_NS;
    if (minutes > 0) {
      for (long i = 0; i < Math.min(minutes, BASE_HISTORY_MINUTES); i++) {
        baseIndex = (baseIndex + 1) % BASE_HISTORY_MINUTES;
        baseDelays[baseIndex] = Long.MAX_VALUE;
      }
      lastRolloverNs += minutes * MINUTE_NS;
    }
    baseDelays[baseIndex] = Math.min(baseDelays[baseIndex], delayMicros);
  }

  private void updateCurrentDelay(long delayMicros) {
    currentDelays[currentNext] = delayMicros;
    currentNext = (currentNext + 1) % CURRENT_FILTER;
    currentCount = Math.min(currentCount + 1, CURRENT_FILTER);
  }

  private void clamp() {
    cwndBytes = Math.max((double) MIN_CWND_SEGMENTS * segmentBytes, Math.min(cwndBytes, maxCwndBytes));
  }

  private static long minOf(long[] values, int count) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      min = Math.min(min, values[i]);
    }
    return min;
  }
}
