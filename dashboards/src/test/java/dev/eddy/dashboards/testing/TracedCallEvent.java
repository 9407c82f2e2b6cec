package dev.eddy.dashboards.testing;

import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Stands in for the tracing agent's {@code dev.eddy.trace.MethodCall} (same name and fields): the agent's class
 * lives in its shaded jar, and the report reads events by name, not by class.
 */
@Name("dev.eddy.trace.MethodCall")
@Label("Traced Method Call")
@StackTrace(false)
final class TracedCallEvent extends jdk.jfr.Event {
  @Label("Class")
  String declaringClass;

  @Label("Method")
  String method;

  @Label("Outcome")
  String outcome;
}
