package dev.eddy.dashboards.analysis;

import dev.eddy.dashboards.analysis.TimeSeries.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;

/** One swarm: its periodic statistics, and verified chunks as the fallback source of throughput. */
final class SwarmAccumulator {
  private final String swarmKey;
  private final List<RecordedEvent> statistics = new ArrayList<>();
  private final List<Verified> verified = new ArrayList<>();
  private final List<RecordedEvent> lag = new ArrayList<>();

  /** One ChunkVerified event: a run of chunks, stamped with its end (when its last chunk verified). */
  private record Verified(Instant at, long chunks, long bytes) {}

  /** @param swarmKey the abbreviated swarm ID (see {@link RecordingAnalyzer#fullSwarmId}) */
  SwarmAccumulator(String swarmKey) {
    this.swarmKey = swarmKey;
  }

  void onStatistics(RecordedEvent e) {
    statistics.add(e);
  }

  void onLag(RecordedEvent e) {
    lag.add(e);
  }

  void onVerified(RecordedEvent e) {
    verified.add(new Verified(e.getEndTime(), e.getLong("chunkEnd") - e.getLong("chunkStart") + 1, e.getLong("bytes")));
  }

  Report.Swarm report(RecordingAnalyzer analyzer) {
    // A recording stores events in per-thread buffers, so file order is not time order.
    statistics.sort(Comparator.comparing(RecordedEvent::getEndTime));
    verified.sort(Comparator.comparing(Verified::at));
    long verifiedBytes = verified.stream().mapToLong(Verified::bytes).sum();
    long verifiedChunks = verified.stream().mapToLong(Verified::chunks).sum();
    // Verified chunks are exact and fine-grained; periodic samples (1 s) miss a short transfer's burst and,
    // when the peer exits right after finishing, its end. So verified chunks win where both exist.
    TimeSeries download = verified.isEmpty() ? rates(analyzer, "downloadRate", "download") : verifiedRate(analyzer);
    String source = verified.isEmpty() ? "periodic swarm statistics" : "verified chunks";
    if (statistics.isEmpty()) {
      return new Report.Swarm(analyzer.fullSwarmId(swarmKey), verifiedChunks, 0, Double.NaN, verifiedBytes, 0, 0,
          new TimeSeries("progress", "%", List.of()), download, new TimeSeries("upload", "bytes/s", List.of()),
          verified.isEmpty() ? "none" : source, liveLag(analyzer));
    }
    RecordedEvent last = statistics.get(statistics.size() - 1);
    long total = last.getLong("chunksTotal");
    long held = last.getLong("chunksHeld");
    List<Point> progress = new ArrayList<>();
    for (RecordedEvent e : statistics) {
      progress.add(new Point(analyzer.seconds(e.getEndTime()), 100 * e.getDouble("progress")));
    }
    if (total > 0 && !verified.isEmpty()) {
      // Chunks verified after the last sample: held = chunks at that sample plus those verified later. A
      // sample reads the swarm a moment before it is stamped, so chunks verified in between are in neither;
      // the verified chunks themselves are a floor (each chunk verifies once).
      Instant lastSample = last.getEndTime();
      long later = verified.stream().filter(v -> v.at().isAfter(lastSample)).mapToLong(Verified::chunks).sum();
      long atLeast = Math.min(total, Math.max(held + later, verifiedChunks));
      if (atLeast > held) {
        held = atLeast;
        progress.add(new Point(analyzer.seconds(verified.get(verified.size() - 1).at()), 100.0 * held / total));
      }
    }
    double fraction = total > 0 ? (double) held / total : last.getDouble("progress");
    return new Report.Swarm(analyzer.fullSwarmId(swarmKey), held, total, fraction,
        Math.max(last.getLong("bytesDownloaded"), verifiedBytes), last.getLong("bytesUploaded"), last.getInt("peers"),
        new TimeSeries("progress", "%", progress), download, rates(analyzer, "uploadRate", "upload"),
        source + (verified.isEmpty() ? "" : " and periodic statistics"), liveLag(analyzer));
  }

  private TimeSeries liveLag(RecordingAnalyzer analyzer) {
    lag.sort(Comparator.comparing(RecordedEvent::getEndTime));
    List<Point> points = new ArrayList<>();
    for (RecordedEvent e : lag) {
      points.add(new Point(analyzer.seconds(e.getEndTime()), e.getLong("lagBytes")));
    }
    return new TimeSeries("live lag", "bytes", points);
  }

  private TimeSeries rates(RecordingAnalyzer analyzer, String field, String name) {
    List<Point> points = new ArrayList<>();
    for (RecordedEvent e : statistics) {
      points.add(new Point(analyzer.seconds(e.getEndTime()), e.getLong(field)));
    }
    return new TimeSeries(name, "bytes/s", points);
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
