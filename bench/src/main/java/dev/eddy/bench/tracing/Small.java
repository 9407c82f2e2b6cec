package dev.eddy.bench.tracing;

/** The small method every tracing benchmark calls (outside dev.eddy.agent, which the agent never traces). */
public final class Small {
  private Small() {}

  public static int add(int a, int b) {
    return a + b;
  }
}
