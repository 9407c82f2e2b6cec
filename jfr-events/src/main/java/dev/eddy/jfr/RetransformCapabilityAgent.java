package dev.eddy.jfr;

/**
 * A Java agent whose only work is to be loaded when the JVM starts: {@code bin/eddy} adds
 * {@code -javaagent:eddy-peer.jar} to a run with {@code --record}, and the jar's manifest
 * ({@code Can-Retransform-Classes: true}) gives the JVM an agent able to retransform classes from its start.
 *
 * <p>Why: JDK 17's flight recorder, when it starts, retransforms JDK classes (file and socket streams,
 * {@code Throwable}) and the event classes it enables. HotSpot records which compiled methods depend on which
 * classes only if such an agent existed from the start; otherwise it throws away every compiled method at the
 * JVM's first retransformation, and a recorded {@code eddy get} compiled about 1,100 methods a second time.
 * With this agent the recorder's start deoptimises only what depends on the classes it changes
 * (BENCHMARKS.md, issue 19: a recorded {@code get} 0.19 CPU s less). Unrecorded runs go without it: there it
 * saves nothing and measured 0.06 CPU s more.
 */
public final class RetransformCapabilityAgent {
  private RetransformCapabilityAgent() {}

  /** Nothing to do: holding the capability from the JVM's start is the point. */
  public static void premain(String options) {}
}
