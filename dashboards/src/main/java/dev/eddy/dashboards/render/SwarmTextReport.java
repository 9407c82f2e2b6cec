package dev.eddy.dashboards.render;

import dev.eddy.dashboards.analysis.Report;
import dev.eddy.dashboards.analysis.TimeSeries;
import dev.eddy.dashboards.swarm.SwarmReport;
import dev.eddy.dashboards.swarm.SwarmReport.Cause;
import dev.eddy.dashboards.swarm.SwarmReport.ClockOffset;
import dev.eddy.dashboards.swarm.SwarmReport.Delivery;
import dev.eddy.dashboards.swarm.SwarmReport.Flow;
import dev.eddy.dashboards.swarm.SwarmReport.Link;
import dev.eddy.dashboards.swarm.SwarmReport.Member;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A swarm's recordings as plain text: what limited each transfer first, then the peers, their clocks, each
 * link's delivery, who uploaded to whom, progress on one time axis, the timeline, what is missing, and last each
 * recording's own report. Of one recording: what limited its transfers, then its own report.
 */
public final class SwarmTextReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  /** Timeline lines shown in text; the HTML page has them all. */
  static final int TIMELINE_LINES = 40;
  private final StringBuilder out = new StringBuilder();

  private SwarmTextReport() {}

  public static String render(SwarmReport report, int top) {
    return new SwarmTextReport().write(report, top);
  }

  private String write(SwarmReport r, int top) {
    causes(r);
    if (r.recordings().size() == 1) {
      out.append('\n').append(TextReport.render(r.recordings().get(0), top));
      return out.toString();
    }
    section("Peers (" + r.recordings().size() + " recordings; time axis from " + TIME.format(r.origin()) + " UTC)");
    TextTable peers = new TextTable("peer", "recording", "reached at", "per-message events");
    for (Member m : r.members()) {
      peers.row(m.name(), m.recording().orElse("(none)"), m.addresses().isEmpty() ? "-" : String.join(", ", m.addresses()),
          m.recording().isEmpty() ? "-" : m.messagesRecorded() ? "yes" : "not recorded");
    }
    out.append(peers.render());
    clocks(r);
    links(r);
    uploads(r);
    progress(r);
    timeline(r);
    if (!r.missing().isEmpty()) {
      section("Not in these recordings");
      for (Report.Missing m : r.missing()) {
        line("  - %s", m.what());
        line("    %s", m.howToRecord());
      }
    }
    for (Report recording : r.recordings()) {
      out.append("\n").append("=".repeat(72)).append('\n');
      out.append(TextReport.render(recording, top));
    }
    return out.toString();
  }

  /** The first lines: per transfer, its first cause and the evidence, then any further findings. */
  private void causes(SwarmReport r) {
    line("What limited each transfer");
    if (r.causes().isEmpty()) {
      line("  no transfer in %s", r.recordings().size() == 1 ? "this recording" : "these recordings");
      return;
    }
    Set<String> shown = new LinkedHashSet<>();
    for (Cause c : r.causes()) {
      boolean first = shown.add(c.transfer());
      line("  %s %s: %s", first ? "-" : "  also", c.transfer(), c.summary());
      line("      %s", c.evidence());
    }
  }

  private void clocks(SwarmReport r) {
    section("Clocks (offset against " + r.clocks().get(0).reference() + ", to subtract)");
    for (ClockOffset c : r.clocks()) {
      if (c.offset().isPresent()) {
        line("  %-12s %s ± %s  (%s)", c.member(), signed(c.offset().get()), Units.duration(c.errorBound().get()),
            c.basis());
      } else {
        line("  %-12s unknown  (%s)", c.member(), c.basis());
      }
    }
  }

  private static String signed(Duration d) {
    return (d.isNegative() ? "-" : "+") + Units.duration(d.abs());
  }

  private void links(SwarmReport r) {
    if (r.links().isEmpty()) {
      return;
    }
    section("Links (content sender → receiver; DATA copies matched with their receipts)");
    TextTable t = new TextTable("swarm", "link", "payload", "sent", "lost", "dup", "reordered", "retransmitted",
        "not needed", "delay median", "p99");
    Map<String, Long> names = new java.util.HashMap<>();
    r.links().forEach(l -> names.merge(l.name(), 1L, Long::sum));
    for (Link l : r.links()) {
      Optional<Delivery> d = l.delivery();
      String retransmitted = d.map(x -> String.valueOf(x.retransmissions()))
          .or(() -> l.senderCounters().map(c -> c.retransmitted() + " (sender)")).orElse("not recorded");
      String unneeded = d.map(x -> String.valueOf(x.unneededRetransmissions()))
          .or(() -> l.senderCounters().map(c -> c.spurious() + " (sender)")).orElse("not recorded");
      t.row(Units.shortId(l.swarmId()), label(l, names), Units.bytes(l.payloadBytes()),
          d.map(x -> String.valueOf(x.sent())).orElse("not recorded"),
          d.map(x -> x.lost() + " (" + Units.percent(x.lossRate()) + ")").orElse("not recorded"),
          d.map(x -> String.valueOf(x.duplicated())).orElse("-"),
          d.map(x -> String.valueOf(x.reordered())).orElse("-"), retransmitted, unneeded,
          d.flatMap(Delivery::medianDelay).map(Units::duration).orElse("-"),
          d.flatMap(Delivery::p99Delay).map(Units::duration).orElse("-"));
    }
    out.append(t.render());
    for (Link l : r.links()) {
      line("  %s", label(l, names));
      series("    one-way delay  ", l.oneWayDelay());
      series("    sender window  ", l.senderWindow());
      series("    receiver rate  ", l.receiverThroughput());
    }
  }

  /** A link's name, with the sender's channel when two channels join the same peers (each opened one). */
  private static String label(Link l, Map<String, Long> names) {
    return names.get(l.name()) > 1 && l.senderChannel() != 0
        ? l.name() + String.format(Locale.ROOT, " (ch %08x)", l.senderChannel()) : l.name();
  }

  private void uploads(SwarmReport r) {
    if (r.uploads().isEmpty()) {
      return;
    }
    section("Uploads (row uploaded to column)");
    Map<String, Map<String, Long>> matrix = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>();
    r.members().forEach(m -> names.add(m.name()));
    for (Flow f : r.uploads()) {
      matrix.computeIfAbsent(f.from(), k -> new LinkedHashMap<>()).merge(f.to(), f.bytes(), Long::sum);
      names.add(f.from());
      names.add(f.to());
    }
    List<String> header = new ArrayList<>(List.of("from \\ to"));
    header.addAll(names);
    header.add("total");
    TextTable t = new TextTable(header.toArray(String[]::new));
    for (String from : names) {
      Map<String, Long> row = matrix.getOrDefault(from, Map.of());
      List<String> cells = new ArrayList<>(List.of(from));
      for (String to : names) {
        Long bytes = row.get(to);
        cells.add(bytes == null ? "-" : Units.bytes(bytes));
      }
      cells.add(Units.bytes(row.values().stream().mapToLong(Long::longValue).sum()));
      t.row(cells.toArray(String[]::new));
    }
    out.append(t.render());
  }

  private void progress(SwarmReport r) {
    if (r.progress().isEmpty()) {
      return;
    }
    section("Progress (one time axis)");
    double end = r.progress().stream().flatMap(p -> p.progress().points().stream())
        .mapToDouble(TimeSeries.Point::seconds).max().orElse(0);
    for (SwarmReport.PeerProgress p : r.progress()) {
      List<TimeSeries.Point> points = p.progress().points();
      TimeSeries.Point first = points.get(0);
      TimeSeries.Point last = points.get(points.size() - 1);
      line("  %-12s %s  %s  %s at %.2f s → %s at %.2f s", p.member(), Units.shortId(p.swarmId()),
          timeline(points, end), Units.of(first.value(), "%"), first.seconds(), Units.of(last.value(), "%"),
          last.seconds());
    }
  }

  /** Progress resampled on the common axis from 0 to {@code end}: blank before the first sample. */
  private static String timeline(List<TimeSeries.Point> points, double end) {
    String levels = "▁▂▃▄▅▆▇█";
    int width = 40;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < width; i++) {
      double t = end * (i + 1) / width;
      double value = -1;
      for (TimeSeries.Point p : points) {
        if (p.seconds() <= t) {
          value = p.value();
        }
      }
      b.append(value < 0 ? ' ' : levels.charAt((int) Math.round(Math.min(100, value) / 100 * (levels.length() - 1))));
    }
    return b.toString();
  }

  private void timeline(SwarmReport r) {
    if (r.timeline().isEmpty()) {
      return;
    }
    section("Timeline (joins, leaves, chokes, PEX contacts)");
    r.timeline().stream().limit(TIMELINE_LINES).forEach(e -> line("  %8.3f s  %-7s %s", e.seconds(), e.kind(), e.text()));
    if (r.timeline().size() > TIMELINE_LINES) {
      line("  … %d more (all in the HTML report)", r.timeline().size() - TIMELINE_LINES);
    }
  }

  private void series(String label, TimeSeries s) {
    if (s.isEmpty()) {
      line("%s%s", label, "not recorded");
      return;
    }
    line("%speak %s, mean %s  %s  (%.2f s – %.2f s)", label, Units.of(s.max(), s.unit()), Units.of(s.mean(), s.unit()),
        TextReport.spark(s), s.points().get(0).seconds(), s.points().get(s.points().size() - 1).seconds());
  }

  private void section(String title) {
    out.append('\n').append(title).append('\n');
  }

  private void line(String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
