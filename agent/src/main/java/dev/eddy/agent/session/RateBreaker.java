package dev.eddy.agent.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/** recon's breaker: fixed windows; more than {@code maxCalls} calls in one window trips it. */
final class RateBreaker {
  private record Window(long startNanos, AtomicInteger calls) {}

  private final int maxCalls;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final AtomicReference<Window> window;

  RateBreaker(int maxCalls, Duration window, LongSupplier nanoClock) {
    this.maxCalls = maxCalls;
    this.windowNanos = window.toNanos();
    this.nanoClock = nanoClock;
    this.window = new AtomicReference<>(new Window(nanoClock.getAsLong(), new AtomicInteger()));
  }

  /** Counts one call; false when it is one too many for the current window. */
  boolean admit() {
    long now = nanoClock.getAsLong();
    Window current = window.get();
    if (now - current.startNanos() >= windowNanos) {
      Window fresh = new Window(now, new AtomicInteger());
      current = window.compareAndSet(current, fresh) ? fresh : window.get();
    }
    return current.calls().incrementAndGet() <= maxCalls;
  }
}
