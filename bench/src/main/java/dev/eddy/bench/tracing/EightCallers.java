package dev.eddy.bench.tracing;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The target of {@code bench/agent-first-line.sh}: eight threads calling {@link #work} in batches of 1000,
 * pausing 1 ms between batches, so calls never stop but leave the machine to the tracer. Every second it
 * prints {@code rate CALLS_SO_FAR NS_PER_CALL}, the median cost per call of that second's batches (to 0.01 ns), which is
 * how the script sees instrumentation left behind after a trace has ended. It starts with {@code ready PID}.
 */
public final class EightCallers {
  private static final int THREADS = 8;
  private static final int BATCH = 1000;
  private static final AtomicLong CALLS = new AtomicLong();
  private static final long[][] BATCH_NANOS = new long[THREADS][64];
  private static final int[] BATCHES = new int[THREADS];

  private EightCallers() {}

  public static int work(int i) {
    return i * 31 + 7;
  }

  public static void main(String[] args) throws InterruptedException {
    for (int t = 0; t < THREADS; t++) {
      int me = t;
      Thread thread = new Thread(() -> callForever(me), "caller-" + t);
      thread.setDaemon(true);
      thread.start();
    }
    System.out.println("ready " + ProcessHandle.current().pid());
    while (true) {
      Thread.sleep(1000);
      System.out.println("rate " + CALLS.get() + " " + medianNanosPerCall());
    }
  }

  /**
   * A method of its own, returning after each batch: when a tracer changes {@code work}, every compiled
   * caller is thrown away, and a caller that is entered again gets compiled again, while a loop that never
   * returns would stay interpreted and look like residual instrumentation.
   */
  private static int batch() {
    int sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += work(i);
    }
    return sum;
  }

  private static void callForever(int me) {
    int sink = 0;
    while (true) {
      long t0 = System.nanoTime();
      sink += batch();
      long took = System.nanoTime() - t0;
      CALLS.addAndGet(BATCH);
      synchronized (BATCH_NANOS[me]) {
        BATCH_NANOS[me][BATCHES[me]++ % BATCH_NANOS[me].length] = took;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
      if (sink == 42) {
        System.out.println(sink); // keeps the loop from being optimised away
      }
    }
  }

  /** Median over the last batches of every thread, then cleared; "n/a" when no batch finished this second. */
  private static String medianNanosPerCall() {
    long[] all = new long[0];
    for (int t = 0; t < THREADS; t++) {
      synchronized (BATCH_NANOS[t]) {
        int n = Math.min(BATCHES[t], BATCH_NANOS[t].length);
        long[] mine = Arrays.copyOf(BATCH_NANOS[t], n);
        all = Arrays.copyOf(all, all.length + n);
        System.arraycopy(mine, 0, all, all.length - n, n);
        BATCHES[t] = 0;
      }
    }
    if (all.length == 0) {
      return "n/a";
    }
    Arrays.sort(all);
    return String.format(java.util.Locale.ROOT, "%.2f", all[all.length / 2] / (double) BATCH);
  }
}
