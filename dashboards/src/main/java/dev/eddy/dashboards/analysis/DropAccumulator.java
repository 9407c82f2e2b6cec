package dev.eddy.dashboards.analysis;

import jdk.jfr.consumer.RecordedEvent;

/** Dropped datagrams of one reason. */
final class DropAccumulator {
  private long datagrams;
  private long bytes;
  private String example;

  void accept(RecordedEvent e) {
    datagrams++;
    bytes += e.getLong("datagramBytes");
    String detail = e.getString("detail");
    if (example == null && detail != null && !detail.isEmpty()) {
      example = detail + " (from " + RecordingAnalyzer.text(e.getString("remoteAddress")) + ")";
    }
  }

  Report.Drop report(String reason) {
    return new Report.Drop(reason, datagrams, bytes, example == null ? "" : example);
  }
}
