package dev.eddy.agent.sink;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One trace session with {@code sink=jfr}, committed when it stops: from when the instrumentation was in
 * place to the stop, with the same counts as the closing line, so a recording with no
 * {@code dev.eddy.trace.MethodCall} events still says why.
 */
@Name("dev.eddy.trace.Session")
@Label("Trace Session")
@Description("A bounded trace session of the Eddy tracing agent and what it counted")
@Category({"Eddy", "Trace"})
@StackTrace(false)
public final class TraceSessionEvent extends jdk.jfr.Event {
  @Label("Spec")
  @Description("The session's option string, in the colon form")
  public String spec;

  @Label("Stop Reason")
  public String stopReason;

  @Label("Calls Reported")
  public long callsReported;

  @Label("Calls With Dropped Lines")
  @Description("Reported calls at least one of whose text lines the full output queue dropped")
  public long callsWithDroppedLines;

  @Label("Lines Dropped")
  @Description("Text lines the full output queue dropped")
  public long linesDropped;

  @Label("Calls Skipped By Scope")
  @Description("Calls from inside the traced method's class, left out by scope:global")
  public long callsSkippedByScope;

  @Label("Calls Skipped By Threads")
  @Description("Calls on threads the threads: filter does not select")
  public long callsSkippedByThreads;

  @Label("Classes Instrumented")
  public int classesInstrumented;
}
