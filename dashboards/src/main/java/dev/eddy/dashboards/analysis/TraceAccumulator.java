package dev.eddy.dashboards.analysis;

import java.time.Duration;
import jdk.jfr.consumer.RecordedEvent;

/** Calls of one traced method ({@code dev.eddy.trace.MethodCall}); the event's duration is the call's time. */
final class TraceAccumulator {
  private final String method;
  private long calls;
  private long threw;
  private Duration total = Duration.ZERO;
  private Duration max = Duration.ZERO;

  TraceAccumulator(String method) {
    this.method = method;
  }

  void accept(RecordedEvent e) {
    calls++;
    Duration d = e.getDuration();
    total = total.plus(d);
    if (d.compareTo(max) > 0) {
      max = d;
    }
    if (e.hasField("outcome") && "threw".equals(e.getString("outcome"))) {
      threw++;
    }
  }

  Report.TracedMethod report() {
    return new Report.TracedMethod(method, calls, total, max, threw);
  }
}
