package dev.eddy.peer.time;

/**
 * The time source of the data path, injected so channel and congestion logic is tested by advancing time
 * instead of sleeping.
 */
public interface Clock {
  /** Monotonic nanoseconds, for timers and RTT. */
  long nanoTime();

  /** Microseconds since the Unix epoch, for DATA timestamps (RFC 7574 §8.7, libswift's unit). */
  long epochMicros();

  /** The system clock: epoch microseconds anchored once, then advanced by the monotonic clock. */
  static Clock system() {
    long anchorNanos = System.nanoTime();
    long anchorMicros = System.currentTimeMillis() * 1000;
    return new Clock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public long epochMicros() {
        return anchorMicros + (System.nanoTime() - anchorNanos) / 1000;
      }
    };
  }
}
