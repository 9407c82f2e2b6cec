package dev.eddy.dashboards.analysis;

import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;

/** Dropped datagrams of one reason. */
final class DropAccumulator {
  private long datagrams;
  private long bytes;
  private String example;
  private Instant exampleTime;

  /** The example is the earliest drop with a detail: a recording's file order is not time order. */
  void accept(RecordedEvent e) {
    datagrams++;
    bytes += e.getLong("datagramBytes");
    String detail = e.getString("detail");
    if (detail != null && !detail.isEmpty() && (exampleTime == null || e.getStartTime().isBefore(exampleTime))) {
      example = detail + " (from " + RecordingAnalyzer.text(e.getString("remoteAddress")) + ")";
      exampleTime = e.getStartTime();
    }
  }

  Report.Drop report(String reason) {
    return new Report.Drop(reason, datagrams, bytes, example == null ? "" : example);
  }
}
