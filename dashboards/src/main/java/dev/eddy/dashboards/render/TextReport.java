package dev.eddy.dashboards.render;

import dev.eddy.dashboards.analysis.EventTypes;
import dev.eddy.dashboards.analysis.Report;
import dev.eddy.dashboards.analysis.TimeSeries;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The report as plain text for a terminal: sections, aligned tables and one-line sparklines for time series. */
public final class TextReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final String SPARKS = "▁▂▃▄▅▆▇█";
  private static final int SPARK_WIDTH = 40;
  private final StringBuilder out = new StringBuilder();
  private final int top;

  private TextReport(int top) {
    this.top = top;
  }

  /** Renders {@code report}; {@code top} bounds the traced-method lists. */
  public static String render(Report report, int top) {
    return new TextReport(top).write(report);
  }

  private String write(Report r) {
    line("Recording  %s", r.source());
    line("Span       %s → %s UTC (%s)", TIME.format(r.start()), TIME.format(r.end()), Units.duration(r.span()));
    if (!r.eventCounts().isEmpty()) {
      line("Events     %s", r.eventCounts().entrySet().stream()
          .map(e -> shortType(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", ")));
    }
    swarms(r);
    peers(r);
    swarmPeers(r);
    drops(r);
    congestion(r);
    traced(r);
    missing(r);
    return out.toString();
  }

  private void swarms(Report r) {
    for (Report.Swarm s : r.swarms()) {
      section("Swarm " + s.swarmId());
      if (Double.isNaN(s.progress())) {
        line("  progress    unknown (no periodic swarm statistics); %d chunks verified", s.chunksHeld());
      } else {
        line("  progress    %s (%d of %d chunks)  %s", Units.percent(s.progress()), s.chunksHeld(), s.chunksTotal(),
            spark(s.progressOverTime()));
        line("  peers       %d at the end", s.peersAtEnd());
      }
      line("  payload     %s downloaded, %s uploaded", Units.bytes(s.bytesDownloaded()),
          Units.bytes(s.bytesUploaded()));
      series("  download    ", s.downloadRate());
      series("  upload      ", s.uploadRate());
      series("  live lag    ", s.liveLag());
      line("  (throughput from %s)", s.throughputSource());
    }
  }

  private void peers(Report r) {
    if (r.peers().isEmpty()) {
      return;
    }
    section("Peers");
    TextTable t = new TextTable("swarm", "peer", "msgs out", "msgs in", "bytes out", "bytes in", "handshake", "retransmit",
        "loss", "integrity", "choked us", "we choked");
    for (Report.Peer p : r.peers()) {
      t.row(Units.shortId(p.swarmId()), p.remoteAddress(), messages(r, p.messagesSentTotal()),
          messages(r, p.messagesReceivedTotal()), Units.bytes(p.payloadBytesSent()),
          Units.bytes(p.payloadBytesReceived()), p.handshakeTime().map(Units::duration).orElse("-"),
          p.retransmissionRate().map(Units::percent).orElse("-"), p.lossRate().map(Units::percent).orElse("-"),
          String.valueOf(p.integrityFailures()), Units.duration(p.chokedByRemote()), Units.duration(p.chokedByUs()));
    }
    out.append(t.render());
    for (Report.Peer p : r.peers()) {
      if (!p.messagesSent().isEmpty() || !p.messagesReceived().isEmpty()) {
        line("  %s  sent: %s", p.remoteAddress(), mix(p.messagesSent()));
        line("  %s  recv: %s", " ".repeat(p.remoteAddress().length()), mix(p.messagesReceived()));
      }
      if (!p.closeReasons().isEmpty()) {
        line("  %s  channels closed: %s", p.remoteAddress(), String.join(", ", p.closeReasons()));
      }
    }
  }

  /** A message count, or "not recorded" when per-message events were off (a zero would read as measured). */
  static String messages(Report r, long count) {
    return r.messagesRecorded() ? String.valueOf(count) : "not recorded";
  }

  private void swarmPeers(Report r) {
    if (r.swarmPeers().isEmpty()) {
      return;
    }
    section("Swarm peers (per-peer statistics)");
    TextTable t = new TextTable("swarm", "peer", "chunks in", "chunks out", "bytes in", "bytes out", "duplicates", "share",
        "choked us", "we choked", "PEX offers");
    for (Report.SwarmPeer p : r.swarmPeers()) {
      t.row(Units.shortId(p.swarmId()), p.remoteAddress() + (p.tracker() ? " (tracker)" : ""), String.valueOf(p.chunksReceived()),
          String.valueOf(p.chunksSent()), Units.bytes(p.bytesReceived()), Units.bytes(p.bytesSent()),
          String.valueOf(p.duplicateChunks()), Double.isNaN(p.contentShare()) ? "-" : Units.percent(p.contentShare()),
          Units.duration(p.chokedByRemote()), Units.duration(p.chokedByUs()),
          p.peersOffered() == 0 ? "-" : p.peersAccepted() + " of " + p.peersOffered() + " taken");
    }
    out.append(t.render());
  }

  private void drops(Report r) {
    section("Dropped datagrams");
    if (r.drops().isEmpty()) {
      line("  none%s", r.eventCounts().containsKey(EventTypes.DATAGRAM_DROPPED) ? "" : " recorded");
      return;
    }
    TextTable t = new TextTable("reason", "datagrams", "bytes", "example");
    r.drops().forEach(d -> t.row(d.reason(), String.valueOf(d.datagrams()), Units.bytes(d.bytes()), d.example()));
    out.append(t.render());
  }

  private void congestion(Report r) {
    if (r.congestion().isEmpty()) {
      return;
    }
    section("Congestion control (LEDBAT), per channel");
    for (Report.Congestion c : r.congestion()) {
      line("  %s %s channel %08x", Units.shortId(c.swarmId()), c.remoteAddress(), c.localChannel());
      series("    window        ", c.window());
      series("    queuing delay ", c.queuingDelay());
      series("    round trip    ", c.roundTripTime());
    }
  }

  private void traced(Report r) {
    if (r.tracedMethods().isEmpty() && r.summarizedMethods().isEmpty()) {
      return;
    }
    section("Traced calls (tracing agent)");
    if (!r.tracedMethods().isEmpty()) {
      line("  by count:");
      methods(r.tracedMethods());
      List<Report.TracedMethod> byTime = new ArrayList<>(r.tracedMethods());
      byTime.sort(Comparator.comparing(Report.TracedMethod::totalTime).reversed());
      line("  by time:");
      methods(byTime);
    }
    if (!r.summarizedMethods().isEmpty()) {
      line("  summaries (mode:summary), by count; p50: the intervals' median p50, p99: the worst interval's p99:");
      TextTable t = new TextTable("    method", "calls", "threw", "intervals", "p50", "p99", "max", "calls per interval");
      r.summarizedMethods().stream().limit(top).forEach(m -> t.row("    " + m.method(), String.valueOf(m.calls()),
          String.valueOf(m.threw()), String.valueOf(m.intervals()), median(m.p50()), m.p99().isEmpty() ? "-" : Units.of(m.p99().max(), "ns"),
          Units.duration(m.max()), spark(m.callsPerInterval())));
      out.append(t.render());
    }
  }

  /** The middle value of a series of latencies; "-" when no interval had a call. */
  private static String median(TimeSeries s) {
    double[] values = s.points().stream().mapToDouble(TimeSeries.Point::value).sorted().toArray();
    return values.length == 0 ? "-" : Units.of(values[values.length / 2], s.unit());
  }

  private void methods(List<Report.TracedMethod> methods) {
    TextTable t = new TextTable("    method", "calls", "total", "max", "threw");
    methods.stream().limit(top).forEach(m -> t.row("    " + m.method(), String.valueOf(m.calls()),
        Units.duration(m.totalTime()), Units.duration(m.maxTime()), String.valueOf(m.threw())));
    out.append(t.render());
  }

  private void missing(Report r) {
    if (r.missing().isEmpty()) {
      return;
    }
    section("Not in this recording");
    for (Report.Missing m : r.missing()) {
      line("  - %s: no %s events", m.what(), String.join(" / ", m.eventTypes()));
      line("    %s", m.howToRecord());
    }
  }

  private void series(String label, TimeSeries s) {
    if (s.isEmpty()) {
      return;
    }
    line("%speak %s, mean %s, last %s  %s", label, Units.of(s.max(), s.unit()), Units.of(s.mean(), s.unit()),
        Units.of(s.last(), s.unit()), spark(s));
  }

  /** The series resampled to a fixed width of block characters, scaled to its maximum. */
  static String spark(TimeSeries s) {
    if (s.isEmpty()) {
      return "";
    }
    List<TimeSeries.Point> p = s.points();
    int width = Math.min(SPARK_WIDTH, p.size());
    double max = s.max();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < width; i++) {
      int from = i * p.size() / width;
      int to = Math.max(from + 1, (i + 1) * p.size() / width);
      double v = p.subList(from, to).stream().mapToDouble(TimeSeries.Point::value).max().orElse(0);
      int level = max <= 0 ? 0 : (int) Math.round(v / max * (SPARKS.length() - 1));
      b.append(SPARKS.charAt(Math.max(0, Math.min(SPARKS.length() - 1, level))));
    }
    return b.toString();
  }

  private static String mix(Map<String, Long> counts) {
    return counts.isEmpty() ? "-" : counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
  }

  private static String shortType(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  private void section(String title) {
    out.append('\n').append(title).append('\n');
  }

  private void line(String format, Object... args) {
    out.append(String.format(format, args)).append('\n');
  }
}
