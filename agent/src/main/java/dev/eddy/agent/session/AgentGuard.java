package dev.eddy.agent.session;

/**
 * Per-thread depth of agent code on the stack. While it is above zero, calls into traced methods are
 * the agent's own (rendering a value, writing a line, transforming a class) and are never reported.
 * Uses only {@code java.lang} classes, which the agent refuses to trace, so the check cannot recurse.
 */
public final class AgentGuard {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private AgentGuard() {}

  /** @return false when the thread is already inside the agent (then do not call {@link #exit}) */
  public static boolean tryEnter() {
    int[] depth = DEPTH.get();
    if (depth[0] > 0) {
      return false;
    }
    depth[0] = 1;
    return true;
  }

  public static void enter() {
    DEPTH.get()[0]++;
  }

  public static void exit() {
    DEPTH.get()[0]--;
  }
}
