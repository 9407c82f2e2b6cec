package dev.eddy.dashboards.render;

import dev.eddy.dashboards.analysis.EventTypes;
import dev.eddy.dashboards.analysis.Report;
import dev.eddy.dashboards.swarm.SwarmReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as one self-contained HTML page: the data as JSON, uPlot (with its license) for the interactive time
 * charts, and our own script that builds the charts and tables, all inline, with a content security policy that
 * forbids any network access, so the page opens offline.
 */
public final class HtmlReport {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{(TITLE|STYLE|SCRIPT|DATA|UPLOT_LICENSE|UPLOT_STYLE|UPLOT)}}");
  /** Where the uPlot webjar keeps the npm package; its version comes from the jar's own Maven metadata. */
  private static final String UPLOT = "/META-INF/resources/webjars/uplot/";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  /**
   * The page of one or more peers' recordings: the joined view (causes, progress, links, uploads, clocks,
   * timeline) under {@code swarm}, then a section per recording, in the order given.
   */
  public static String render(SwarmReport swarm) {
    List<Object> recordings = new ArrayList<>();
    swarm.recordings().forEach(r -> recordings.add(data(r)));
    Map<String, Object> swarmData = SwarmJson.data(swarm);
    swarmData.put("charts", charts(new SwarmCharts(swarm.progress(), swarm.links())));
    List<Report> reports = swarm.recordings();
    String title = reports.size() == 1 ? reports.get(0).source() : reports.size() + " recordings";
    String uplot = UPLOT + uplotVersion() + "/";
    Map<String, String> parts = Map.of("TITLE", escapeHtml(title), "STYLE", resource("report.css"),
        "SCRIPT", resource("report.js"), "DATA", Json.write(Map.of("swarm", swarmData, "recordings", recordings)),
        "UPLOT_LICENSE", resource(uplot + "LICENSE"), "UPLOT_STYLE", resource(uplot + "dist/uPlot.min.css"),
        "UPLOT", resource(uplot + "dist/uPlot.iife.min.js"));
    // One pass, so text inserted for one placeholder is never searched for another.
    return PLACEHOLDER.matcher(resource("report.html"))
        .replaceAll(m -> Matcher.quoteReplacement(parts.get(m.group(1))));
  }

  /** The part of the joined view that is over time: what the page charts of it. */
  private record SwarmCharts(List<SwarmReport.PeerProgress> progress, List<SwarmReport.Link> links) {}

  private static Map<String, Object> data(Report r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("source", r.source());
    d.put("start", TIME.format(r.start()));
    d.put("end", TIME.format(r.end()));
    d.put("span", Units.duration(r.span()));
    d.put("eventCounts", r.eventCounts());
    List<Object> swarms = new ArrayList<>();
    for (Report.Swarm s : r.swarms()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("swarmId", s.swarmId());
      m.put("shortId", Units.shortId(s.swarmId()));
      m.put("progressPercent", Double.isNaN(s.progress()) ? null : 100 * s.progress());
      m.put("throughputSource", s.throughputSource());
      m.put("hasThroughput", !s.downloadRate().isEmpty() || !s.uploadRate().isEmpty());
      swarms.add(m);
    }
    d.put("swarms", swarms);
    List<Object> peers = new ArrayList<>();
    for (Report.Peer p : r.peers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shortId", Units.shortId(p.swarmId()));
      m.put("remoteAddress", p.remoteAddress());
      m.put("messagesOut", TextReport.messages(r, p.messagesSentTotal()));
      m.put("messagesIn", TextReport.messages(r, p.messagesReceivedTotal()));
      m.put("bytesOut", Units.bytes(p.payloadBytesSent()));
      m.put("bytesIn", Units.bytes(p.payloadBytesReceived()));
      m.put("handshake", p.handshakeTime().map(Units::duration).orElse("-"));
      m.put("retransmission", p.retransmissionRate().map(Units::percent).orElse("-"));
      m.put("loss", p.lossRate().map(Units::percent).orElse("-"));
      m.put("integrityFailures", p.integrityFailures());
      m.put("chokedByRemote", Units.duration(p.chokedByRemote()));
      m.put("chokedByUs", Units.duration(p.chokedByUs()));
      m.put("sent", p.messagesSent());
      m.put("received", p.messagesReceived());
      peers.add(m);
    }
    d.put("peers", peers);
    List<Object> swarmPeers = new ArrayList<>();
    for (Report.SwarmPeer p : r.swarmPeers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("shortId", Units.shortId(p.swarmId()));
      m.put("remoteAddress", p.remoteAddress() + (p.tracker() ? " (tracker)" : ""));
      m.put("chunksIn", p.chunksReceived());
      m.put("chunksOut", p.chunksSent());
      m.put("bytesIn", Units.bytes(p.bytesReceived()));
      m.put("bytesOut", Units.bytes(p.bytesSent()));
      m.put("duplicates", p.duplicateChunks());
      m.put("share", Double.isNaN(p.contentShare()) ? "-" : Units.percent(p.contentShare()));
      m.put("chokedByRemote", Units.duration(p.chokedByRemote()));
      m.put("chokedByUs", Units.duration(p.chokedByUs()));
      m.put("pex", p.peersOffered() == 0 ? "-" : p.peersAccepted() + " of " + p.peersOffered() + " taken");
      swarmPeers.add(m);
    }
    d.put("swarmPeers", swarmPeers);
    List<Object> drops = new ArrayList<>();
    for (Report.Drop x : r.drops()) {
      drops.add(Map.of("reason", x.reason(), "datagrams", x.datagrams(), "bytes", Units.bytes(x.bytes()),
          "example", x.example()));
    }
    d.put("drops", drops);
    d.put("charts", charts(r));
    List<Object> traced = new ArrayList<>();
    for (Report.TracedMethod t : r.tracedMethods()) {
      traced.add(Map.of("method", t.method(), "calls", t.calls(), "total", Units.duration(t.totalTime()),
          "max", Units.duration(t.maxTime()), "threw", t.threw()));
    }
    d.put("traced", traced);
    List<Object> summarized = new ArrayList<>();
    for (Report.SummarizedMethod m : r.summarizedMethods()) {
      summarized.add(Map.of("method", m.method(), "calls", m.calls(), "threw", m.threw(), "intervals", m.intervals(),
          "max", Units.duration(m.max())));
    }
    d.put("summarized", summarized);
    List<Object> missing = new ArrayList<>();
    for (Report.Missing m : r.missing()) {
      missing.add(Map.of("what", m.what(), "eventTypes", m.eventTypes(), "howToRecord", m.howToRecord(),
          "topics", List.copyOf(topics(m.eventTypes()))));
    }
    d.put("missing", missing);
    return d;
  }

  private static List<Object> charts(Record model) {
    List<Object> charts = new ArrayList<>();
    for (TimeCharts.Chart c : TimeCharts.of(model)) {
      List<Object> series = new ArrayList<>();
      for (TimeCharts.Series s : c.series()) {
        series.add(Map.of("label", s.label(), "x", s.x(), "y", s.y()));
      }
      charts.add(Map.of("title", c.title(), "unit", c.unit(), "series", series));
    }
    return charts;
  }

  /** Which charts and tables of the page a missing event type leaves empty. */
  private static Set<String> topics(List<String> eventTypes) {
    Set<String> topics = new TreeSet<>();
    for (String type : eventTypes) {
      switch (type) {
        case EventTypes.MESSAGE_SENT, EventTypes.MESSAGE_RECEIVED -> topics.add("messages");
        case EventTypes.SWARM_STATISTICS, EventTypes.CONGESTION_STATE -> topics.add("overTime");
        case EventTypes.METHOD_CALL, EventTypes.METHOD_SUMMARY -> topics.add("traced");
        case EventTypes.PEER_STATISTICS -> topics.add("swarmPeers");
        default -> { }
      }
    }
    return topics;
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String uplotVersion() {
    Properties pom = new Properties();
    try (InputStream in = HtmlReport.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the uPlot webjar is not on the class path");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
