package dev.eddy.dashboards.analysis;

import dev.eddy.dashboards.analysis.TimeSeries.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;

/** One swarm: its periodic statistics, and verified chunks as the fallback source of throughput. */
final class SwarmAccumulator {
  private final String swarmId;
  private final List<RecordedEvent> statistics = new ArrayList<>();
  private final List<Verified> verified = new ArrayList<>();

  private record Verified(Instant at, long bytes) {}

  SwarmAccumulator(String swarmId) {
    this.swarmId = swarmId;
  }

  void onStatistics(RecordedEvent e) {
    statistics.add(e);
  }

  void onVerified(RecordedEvent e) {
    verified.add(new Verified(e.getEndTime(), e.getLong("bytes")));
  }

  Report.Swarm report(RecordingAnalyzer analyzer) {
    // A recording stores events in per-thread buffers, so file order is not time order.
    statistics.sort(Comparator.comparing(RecordedEvent::getEndTime));
    verified.sort(Comparator.comparing(Verified::at));
    if (!statistics.isEmpty()) {
      List<Point> progress = new ArrayList<>();
      List<Point> down = new ArrayList<>();
      List<Point> up = new ArrayList<>();
      for (RecordedEvent e : statistics) {
        double t = analyzer.seconds(e.getEndTime());
        progress.add(new Point(t, 100 * e.getDouble("progress")));
        down.add(new Point(t, e.getLong("downloadRate")));
        up.add(new Point(t, e.getLong("uploadRate")));
      }
      RecordedEvent last = statistics.get(statistics.size() - 1);
      return new Report.Swarm(swarmId, last.getLong("chunksHeld"), last.getLong("chunksTotal"),
          last.getDouble("progress"), last.getLong("bytesDownloaded"), last.getLong("bytesUploaded"),
          last.getInt("peers"), new TimeSeries("progress", "%", progress),
          new TimeSeries("download", "bytes/s", down), new TimeSeries("upload", "bytes/s", up),
          "periodic swarm statistics");
    }
    long total = verified.stream().mapToLong(Verified::bytes).sum();
    TimeSeries empty = new TimeSeries("progress", "%", List.of());
    if (verified.isEmpty()) {
      return new Report.Swarm(swarmId, 0, 0, Double.NaN, 0, 0, 0, empty,
          new TimeSeries("download", "bytes/s", List.of()), new TimeSeries("upload", "bytes/s", List.of()), "none");
    }
    return new Report.Swarm(swarmId, verified.size(), 0, Double.NaN, total, 0, 0, empty, verifiedRate(analyzer),
        new TimeSeries("upload", "bytes/s", List.of()), "verified chunks");
  }

  /** Verified bytes per time bucket, as a rate; about 50 buckets, at most one second each. */
  private TimeSeries verifiedRate(RecordingAnalyzer analyzer) {
    double first = analyzer.seconds(verified.get(0).at());
    double last = analyzer.seconds(verified.get(verified.size() - 1).at());
    double width = Math.min(1.0, Math.max(0.05, (last - first) / 50));
    int buckets = (int) Math.floor((last - first) / width) + 1;
    double[] bytes = new double[buckets];
    for (Verified v : verified) {
      int b = (int) Math.floor((analyzer.seconds(v.at()) - first) / width);
      bytes[Math.min(b, buckets - 1)] += v.bytes();
    }
    List<Point> points = new ArrayList<>();
    for (int b = 0; b < buckets; b++) {
      points.add(new Point(first + (b + 1) * width, bytes[b] / width));
    }
    return new TimeSeries("download", "bytes/s", points);
  }
}
