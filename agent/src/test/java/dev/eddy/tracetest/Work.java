package dev.eddy.tracetest;

/** The methods the child JVM calls and the tests trace. */
public class Work {
  private long total;

  public static long square(long x) {
    return x * x;
  }

  public static long fail(long x) {
    throw new IllegalStateException("bad " + x);
  }

  /** Never called: a trace on it can only end by time. */
  public static void rare() {}

  /** Calls {@link #inner} from inside the class, and {@link #helper}, a private method. */
  public long outer(long x) {
    return inner(x + 1) + helper(x);
  }

  public long inner(long x) {
    total += x;
    return x * 10;
  }

  private long helper(long x) {
    return x - 1;
  }

  /** A value whose toString throws, to see it rendered as such. */
  public static String describe(Object value) {
    return "described";
  }

  static final class Grumpy {
    @Override
    public String toString() {
      throw new UnsupportedOperationException("no");
    }
  }
}
