package dev.eddy.peer.channel;

import dev.eddy.peer.time.Clock;

/** A clock tests move by hand. */
final class ManualClock implements Clock {
  long nowNs = 1_000_000_000L;

  @Override
  public long nanoTime() {
    return nowNs;
  }

  @Override
  public long epochMicros() {
    return 1_700_000_000_000_000L + nowNs / 1000;
  }

  void advanceMs(long ms) {
    nowNs += ms * 1_000_000L;
  }
}
