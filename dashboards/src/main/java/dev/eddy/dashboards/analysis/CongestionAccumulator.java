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

  RecordingAnalyzer.ChannelKey key() {
    return key;
  }

  /**
   * Whether this channel sent content: a receiving channel's LEDBAT never leaves its initial window and never
   * measures a round trip, and showing it would read as a measurement.
   */
  boolean sentData() {
    return samples.stream().anyMatch(e -> e.getLong("bytesInFlight") > 0 || e.getLong("retransmittedChunks") > 0
        || e.getDuration("roundTripTime").toNanos() > 0);
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
      long roundTrip = e.getDuration("roundTripTime").toNanos();
      if (roundTrip > 0) { // 0 until measured
        rtt.add(new Point(t, roundTrip));
      }
    }
    return new Report.Congestion(key.swarmId(), key.remoteAddress(), key.localChannel(),
        new TimeSeries("congestion window", "bytes", window), new TimeSeries("queuing delay", "ns", queuing),
        new TimeSeries("round-trip time", "ns", rtt));
  }
}
