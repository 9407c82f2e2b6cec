package dev.eddy.peer.lab;

import dev.eddy.peer.observe.PeerObserver;
import java.time.Duration;

/**
 * Fault injection for the reliability lab: {@code -Deddy.fault.stallReceive=DURATION} blocks the peer's receive
 * loop for that long after a read batch, then lets it run for at least three times as long before the next
 * stall, so the loop is blocked about a quarter of the time it has datagrams to read. What a loop doing slow
 * disk writes or waiting on a lock would do: datagrams wait in the socket buffer and the sender sees a queue.
 */
public final class ReceiveStall implements PeerObserver {
  public static final String PROPERTY = "eddy.fault.stallReceive";
  private final long stallNanos;
  private long nextStallNanos = System.nanoTime();

  public ReceiveStall(Duration stall) {
    if (stall.isNegative() || stall.isZero() || stall.toMillis() > 10_000) {
      throw new IllegalArgumentException("-D" + PROPERTY + " must be a duration from 1ms to 10s, got " + stall);
    }
    this.stallNanos = stall.toNanos();
  }

  @Override
  public void onReadBatchComplete() {
    long now = System.nanoTime();
    if (now - nextStallNanos < 0) {
      return;
    }
    try {
      Thread.sleep(stallNanos / 1_000_000, (int) (stallNanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nextStallNanos = System.nanoTime() + 3 * stallNanos;
  }

  @Override
  public String toString() {
    return "the receive loop blocked for " + Duration.ofNanos(stallNanos).toMillis() + " ms at a time (" + PROPERTY + ")";
  }
}
