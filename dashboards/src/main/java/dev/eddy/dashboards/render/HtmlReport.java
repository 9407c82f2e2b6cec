package dev.eddy.dashboards.render;

import dev.eddy.dashboards.analysis.EventTypes;
import dev.eddy.dashboards.analysis.Report;
import dev.eddy.dashboards.analysis.TimeSeries;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as one self-contained HTML page: the data as JSON plus our own script that draws it as SVG, all
 * inline, with a content security policy that forbids any network access, so the page opens offline.
 */
public final class HtmlReport {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(TITLE|STYLE|SCRIPT|DATA)}}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  public static String render(Report report) {
    return page(report.source(), data(report));
  }

  private static String page(String title, Map<String, Object> data) {
    Map<String, String> parts = Map.of("TITLE", escapeHtml(title), "STYLE", resource("report.css"),
        "SCRIPT", resource("report.js"), "DATA", Json.write(data));
    // One pass, so text inserted for one placeholder is never searched for another.
    return PLACEHOLDER.matcher(resource("report.html"))
        .replaceAll(m -> Matcher.quoteReplacement(parts.get(m.group(1))));
  }

  /**
   * The page of one or more peers' recordings: the first recording's page, with every recording's data under
   * {@code recordings} and the joined view (causes, clocks, links, uploads, progress, timeline) under {@code swarm}.
   */
  public static String render(SwarmReport swarm) {
    Report first = swarm.recordings().get(0);
    Map<String, Object> data = data(first);
    data.put("swarm", SwarmJson.data(swarm));
    List<Object> recordings = new ArrayList<>();
    swarm.recordings().forEach(r -> recordings.add(data(r)));
    data.put("recordings", recordings);
    String title = String.join(", ", swarm.recordings().stream().map(Report::source).toList());
    return page(title, data);
  }

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
      m.put("download", points(s.downloadRate()));
      m.put("upload", points(s.uploadRate()));
      m.put("progress", points(s.progressOverTime()));
      m.put("liveLag", points(s.liveLag()));
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
    List<Object> congestion = new ArrayList<>();
    for (Report.Congestion c : r.congestion()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", c.remoteAddress() + String.format(Locale.ROOT, " ch %08x", c.localChannel()));
      m.put("window", points(c.window()));
      m.put("queuingDelay", points(c.queuingDelay()));
      congestion.add(m);
    }
    d.put("congestion", congestion);
    List<Object> traced = new ArrayList<>();
    for (Report.TracedMethod t : r.tracedMethods()) {
      traced.add(Map.of("method", t.method(), "calls", t.calls(), "total", Units.duration(t.totalTime()),
          "max", Units.duration(t.maxTime()), "threw", t.threw()));
    }
    d.put("traced", traced);
    List<Object> missing = new ArrayList<>();
    for (Report.Missing m : r.missing()) {
      missing.add(Map.of("what", m.what(), "eventTypes", m.eventTypes(), "howToRecord", m.howToRecord(),
          "topics", List.copyOf(topics(m.eventTypes()))));
    }
    d.put("missing", missing);
    return d;
  }

  /** Which charts and tables of the page a missing event type leaves empty. */
  private static Set<String> topics(List<String> eventTypes) {
    Set<String> topics = new TreeSet<>();
    for (String type : eventTypes) {
      switch (type) {
        case EventTypes.MESSAGE_SENT, EventTypes.MESSAGE_RECEIVED -> topics.add("messages");
        case EventTypes.SWARM_STATISTICS -> topics.addAll(List.of("throughput", "progress"));
        case EventTypes.CONGESTION_STATE -> topics.add("congestion");
        case EventTypes.METHOD_CALL -> topics.add("traced");
        case EventTypes.PEER_STATISTICS -> topics.add("swarmPeers");
        default -> { }
      }
    }
    return topics;
  }

  static List<Object> points(TimeSeries s) {
    List<Object> points = new ArrayList<>(s.points().size());
    for (TimeSeries.Point p : s.points()) {
      points.add(List.of(p.seconds(), p.value()));
    }
    return points;
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

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
