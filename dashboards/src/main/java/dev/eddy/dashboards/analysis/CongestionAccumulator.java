package dev.eddy.dashboards.analysis;

import dev.eddy.dashboards.analysis.TimeSeries.Point;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;

/** One channel's periodic LEDBAT samples. */
final class CongestionAccumulator {
  private final RecordingAnalyzer.ChannelKey key;
  private final List<RecordedEvent> samples = new ArrayList<>();

  CongestionAccumulator(RecordingAnalyzer.ChannelKey key) {
    this.key = key;
  }

  void accept(RecordedEvent e) {
    samples.add(e);
  }

  Report.Congestion report(RecordingAnalyzer analyzer) {
    List<Point> window = new ArrayList<>();
    List<Point> queuing = new ArrayList<>();
    List<Point> rtt = new ArrayList<>();
    samples.sort(Comparator.comparing(RecordedEvent::getEndTime)); // file order is not time order
    for (RecordedEvent e : samples) {
      double t = analyzer.seconds(e.getEndTime());
      window.add(new Point(t, e.getLong("congestionWindow")));
      queuing.add(new Point(t, e.getDuration("queuingDelay").toNanos()));
      rtt.add(new Point(t, e.getDuration("roundTripTime").toNanos()));
    }
    return new Report.Congestion(key.swarmId(), key.remoteAddress(), key.localChannel(),
        new TimeSeries("congestion window", "bytes", window), new TimeSeries("queuing delay", "ns", queuing),
        new TimeSeries("round-trip time", "ns", rtt));
  }
}
