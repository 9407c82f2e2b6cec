package dev.eddy.peer.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs one attack step (one datagram, usually) on a thread of its own until closed, paced by the honest downloads'
 * progress rather than the clock: {@code perSecond} steps for each {@link #QUIET_CHUNKS_PER_SECOND} chunks the honest
 * downloaders verify. On a quiet machine that is {@code perSecond} a second; on a loaded one, where a download takes
 * several times as long, a clock-paced flood would weigh several times as much on each honest chunk, and what the
 * attack costs Eddy per download would measure the other processes' load.
 */
final class Flood implements AutoCloseable {
  /** An honest download's speed on a quiet machine of this kind (16 MiB of 1 KiB chunks in about 160 ms). */
  static final long QUIET_CHUNKS_PER_SECOND = 100_000;

  /** Sends one datagram; {@code n} counts from 0. */
  interface Step {
    void send(long n) throws IOException, InterruptedException;
  }

  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean running = true;
  private volatile Throwable failure;

  /** Starts sending, in bursts every hundredth of {@link #QUIET_CHUNKS_PER_SECOND} honest chunks ({@code honestChunks}). */
  Flood(String name, int perSecond, LongSupplier honestChunks, Step step) {
    int burst = Math.max(1, perSecond / 100);
    long chunksPerBurst = QUIET_CHUNKS_PER_SECOND / 100;
    thread = new Thread(() -> {
      long next = honestChunks.getAsLong();
      try {
        while (running) {
          if (honestChunks.getAsLong() < next) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            continue;
          }
          for (int i = 0; i < burst && running; i++) {
            step.send(sent.getAndIncrement());
          }
          next += chunksPerBurst;
        }
      } catch (Throwable t) {
        failure = t;
      }
    }, "flood-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** A step that sends {@code datagrams} from {@code from} to {@code to} over and over, prepared so the attacker costs little CPU. */
  static Step cycling(HostilePeer from, InetSocketAddress to, List<byte[]> datagrams) {
    return n -> from.sendBytes(to, datagrams.get((int) (n % datagrams.size())));
  }

  long sent() {
    return sent.get();
  }

  @Override
  public void close() throws Exception {
    running = false;
    thread.join(5000);
    if (failure != null && !(failure instanceof java.net.SocketException)) {
      throw new AssertionError("the flood failed", failure);
    }
  }
}
