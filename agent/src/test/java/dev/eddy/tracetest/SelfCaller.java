package dev.eddy.tracetest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls its own methods only from inside the class, from its own lambdas on its own threads, as most Java
 * code does: what {@code scope:global} leaves out and the default scope traces.
 */
public final class SelfCaller {
  private SelfCaller() {}

  /** Runs {@code threads} threads calling {@link #work} {@code calls} times each; returns the calls made. */
  public static long run(int threads, int calls) throws InterruptedException {
    AtomicLong made = new AtomicLong();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < calls; i++) {
          if (work(i) == i + 1) {
            made.incrementAndGet();
          }
        }
      }, "self-" + t);
      thread.start();
      started.add(thread);
    }
    for (Thread t : started) {
      t.join();
    }
    return made.get();
  }

  static long work(long x) {
    return step(x);
  }

  private static long step(long x) {
    return x + 1;
  }
}
