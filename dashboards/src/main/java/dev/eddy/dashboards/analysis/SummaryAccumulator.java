package dev.eddy.dashboards.analysis;

import dev.eddy.dashboards.analysis.TimeSeries.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;

/** One method's {@code dev.eddy.trace.MethodSummary} events: one per interval of a {@code mode:summary} session. */
final class SummaryAccumulator {
  private final String method;
  private final List<RecordedEvent> intervals = new ArrayList<>();

  SummaryAccumulator(String method) {
    this.method = method;
  }

  void accept(RecordedEvent e) {
    intervals.add(e);
  }

  Report.SummarizedMethod report(RecordingAnalyzer analyzer) {
    intervals.sort(Comparator.comparing(RecordedEvent::getEndTime)); // file order is not time order
    List<Point> calls = new ArrayList<>();
    List<Point> p50 = new ArrayList<>();
    List<Point> p99 = new ArrayList<>();
    List<Point> max = new ArrayList<>();
    long totalCalls = 0;
    long threw = 0;
    long maxNanos = 0;
    for (RecordedEvent e : intervals) {
      // Committed at the interval's end: that is the time its numbers describe up to.
      double t = analyzer.seconds(e.getEndTime());
      long n = e.getLong("calls");
      totalCalls += n;
      threw += e.getLong("threw");
      calls.add(new Point(t, n));
      if (n > 0) { // an interval without calls has no latencies, not latencies of 0
        p50.add(new Point(t, e.getDuration("p50").toNanos()));
        p99.add(new Point(t, e.getDuration("p99").toNanos()));
        long m = e.getDuration("max").toNanos();
        max.add(new Point(t, m));
        maxNanos = Math.max(maxNanos, m);
      }
    }
    return new Report.SummarizedMethod(method, totalCalls, threw, Duration.ofNanos(maxNanos), intervals.size(),
        new TimeSeries("calls per interval", "calls", calls), new TimeSeries("p50 latency", "ns", p50),
        new TimeSeries("p99 latency", "ns", p99), new TimeSeries("max latency", "ns", max));
  }
}
