package dev.eddy.tracetest;

import java.io.IOException;

/** Methods with arguments of every kind a {@code when:} clause compares, called ten times by {@link #run}. */
public final class Guarded {
  enum State { OPEN, CLOSED }

  private final State state;
  private final int level;

  private Guarded(State state, int level) {
    this.state = state;
    this.level = level;
  }

  public long pick(int i, long l, double d, boolean even, String name) {
    return state == State.OPEN ? l : -l;
  }

  public static String maybe(int i) {
    return i % 3 == 0 ? null : "v" + i;
  }

  public static void check(int i) throws IOException {
    if (i % 4 == 0) {
      throw new IOException("bad " + i);
    }
    if (i % 4 == 1) {
      throw new IllegalStateException("odd " + i);
    }
  }

  public static void slow(int i) throws InterruptedException {
    Thread.sleep(i == 7 ? 300 : 0);
  }

  /** Calls each method with i = 0..9; returns how many exceptions came out of {@link #check}. */
  static int run() throws InterruptedException {
    int thrown = 0;
    for (int i = 0; i < 10; i++) {
      new Guarded(i % 2 == 0 ? State.OPEN : State.CLOSED, i).pick(i, i * 1000L, i / 2.0, i % 2 == 0, "peer-" + i);
      maybe(i);
      try {
        check(i);
      } catch (IOException | IllegalStateException e) {
        thrown++;
      }
      slow(i);
    }
    return thrown;
  }
}
