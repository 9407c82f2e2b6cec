package dev.eddy.agent.sink;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One traced method over one interval of a {@code mode:summary} session, committed at the interval's end:
 * what the summary line says, for charts. Percentiles are upper bounds of 12.5%-wide buckets.
 */
@Name("dev.eddy.trace.MethodSummary")
@Label("Traced Method Summary")
@Description("Calls, exceptions and latency percentiles of one traced method over one interval (mode:summary)")
@Category({"Eddy", "Trace"})
@StackTrace(false)
public final class MethodSummaryEvent extends jdk.jfr.Event {
  @Label("Method")
  @Description("pkg.Class.method/arity")
  public String method;

  @Label("Calls")
  public long calls;

  @Label("Threw")
  @Description("Calls that ended with an exception")
  public long threw;

  @Label("p50")
  @Timespan(Timespan.NANOSECONDS)
  public long p50;

  @Label("p90")
  @Timespan(Timespan.NANOSECONDS)
  public long p90;

  @Label("p99")
  @Timespan(Timespan.NANOSECONDS)
  public long p99;

  @Label("Max")
  @Timespan(Timespan.NANOSECONDS)
  public long max;
}
