package dev.eddy.agent.sink;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One reported call, for {@code sink=jfr}. Committed when the call returns (its duration is the call's
 * elapsed time) when the session reports returns, otherwise at entry with no duration.
 * The caller's stack, when asked for, is a text field: JFR's own stack would start inside the agent.
 */
@Name("dev.eddy.trace.MethodCall")
@Label("Traced Method Call")
@Description("A call reported by the Eddy tracing agent (bounded, like Erlang's recon_trace)")
@Category({"Eddy", "Trace"})
@StackTrace(false)
public final class MethodCallEvent extends jdk.jfr.Event {
  @Label("Class")
  @Description("Declaring class of the traced method")
  public String declaringClass;

  @Label("Method")
  public String method;

  @Label("Arguments")
  @Description("Arguments as the session's args mode shows them")
  public String arguments;

  @Label("Outcome")
  @Description("called (returns not reported), returned or threw")
  public String outcome;

  @Label("Result")
  @Description("Rendered return value or thrown exception")
  public String result;

  @Label("Caller Stack")
  public String callerStack;

  @Label("Call Number")
  @Description("1-based number of this call within its session")
  public long callNumber;
}
