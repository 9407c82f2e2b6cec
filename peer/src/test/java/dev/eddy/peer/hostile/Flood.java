package dev.eddy.peer.hostile;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** Runs one attack step (one datagram, usually) at a fixed rate on a thread of its own until closed. */
final class Flood implements AutoCloseable {
  /** Sends one datagram; {@code n} counts from 0. */
  interface Step {
    void send(long n) throws IOException;
  }

  private final Thread thread;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean running = true;
  private volatile Throwable failure;

  /** Starts sending {@code perSecond} datagrams a second, in bursts every 10 ms. */
  Flood(String name, int perSecond, Step step) {
    int burst = Math.max(1, perSecond / 100);
    thread = new Thread(() -> {
      long next = System.nanoTime();
      try {
        while (running) {
          for (int i = 0; i < burst && running; i++) {
            step.send(sent.getAndIncrement());
          }
          next += 10_000_000L;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        failure = t;
      }
    }, "flood-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Sends {@code datagrams} from {@code from} to {@code to} over and over, prepared so the attacker costs little CPU. */
  static Flood cycling(String name, int perSecond, HostilePeer from, java.net.InetSocketAddress to, java.util.List<byte[]> datagrams) {
    return new Flood(name, perSecond, n -> from.sendBytes(to, datagrams.get((int) (n % datagrams.size()))));
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
