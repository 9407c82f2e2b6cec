package dev.eddy.peer.lab;

import java.util.concurrent.atomic.LongAdder;

/** What the relay did to the datagrams of one direction; read from any thread while it runs. */
public final class RelayCounters {
  final LongAdder received = new LongAdder();
  final LongAdder forwarded = new LongAdder();
  final LongAdder lost = new LongAdder();
  final LongAdder blackedOut = new LongAdder();
  final LongAdder queueFull = new LongAdder();
  final LongAdder delayed = new LongAdder();
  final LongAdder reordered = new LongAdder();
  final LongAdder duplicated = new LongAdder();

  public long received() {
    return received.sum();
  }

  /** Datagrams sent on (duplicates included). */
  public long forwarded() {
    return forwarded.sum();
  }

  /** Dropped by the loss model. */
  public long lost() {
    return lost.sum();
  }

  public long blackedOut() {
    return blackedOut.sum();
  }

  /** Dropped because the rate limit's queue was full. */
  public long queueFull() {
    return queueFull.sum();
  }

  public long dropped() {
    return lost() + blackedOut() + queueFull();
  }

  public long delayed() {
    return delayed.sum();
  }

  public long reordered() {
    return reordered.sum();
  }

  public long duplicated() {
    return duplicated.sum();
  }

  @Override
  public String toString() {
    return "received " + received() + ", forwarded " + forwarded() + ", dropped " + dropped() + " (loss " + lost()
        + ", blackout " + blackedOut() + ", queue full " + queueFull() + "), delayed " + delayed() + ", reordered "
        + reordered() + ", duplicated " + duplicated();
  }
}
