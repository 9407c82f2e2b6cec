package dev.eddy.dashboards.render;

import dev.eddy.dashboards.swarm.SwarmReport;
import dev.eddy.dashboards.swarm.SwarmReport.Delivery;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The joined view of several recordings as the HTML page's data: numbers stay numbers (bytes, nanoseconds,
 * seconds on the common axis) so charts can scale them; absent measurements are {@code null}, never 0.
 */
final class SwarmJson {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private SwarmJson() {}

  static Map<String, Object> data(SwarmReport s) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("origin", TIME.format(s.origin()));
    d.put("members", list(s.members(), m -> map("name", m.name(), "recording", m.recording().orElse(null),
        "addresses", m.addresses(), "messagesRecorded", m.messagesRecorded())));
    d.put("causes", list(s.causes(), c -> map("transfer", c.transfer(), "kind", c.kind().name(),
        "label", c.kind().label(), "summary", c.summary(), "evidence", c.evidence())));
    d.put("clocks", list(s.clocks(), c -> map("member", c.member(), "reference", c.reference(),
        "offsetNanos", c.offset().map(Duration::toNanos).orElse(null),
        "errorNanos", c.errorBound().map(Duration::toNanos).orElse(null), "basis", c.basis())));
    d.put("links", list(s.links(), l -> {
      Map<String, Object> m = map("swarmId", l.swarmId(), "sender", l.sender(), "receiver", l.receiver(),
          "name", l.name(), "payloadBytes", l.payloadBytes());
      Delivery x = l.delivery().orElse(null);
      m.put("delivery", x == null ? null : map("sent", x.sent(), "received", x.received(), "lost", x.lost(),
          "duplicated", x.duplicated(), "reordered", x.reordered(), "retransmissions", x.retransmissions(),
          "unneededRetransmissions", x.unneededRetransmissions(),
          "medianDelayNanos", x.medianDelay().map(Duration::toNanos).orElse(null),
          "p99DelayNanos", x.p99Delay().map(Duration::toNanos).orElse(null)));
      m.put("senderCounters", l.senderCounters().map(c -> map("chunksSent", c.chunksSent(),
          "retransmitted", c.retransmitted(), "spurious", c.spurious(), "lossEpisodes", c.lossEpisodes(),
          "timeouts", c.timeouts())).orElse(null));
      return m;
    }));
    d.put("uploads", list(s.uploads(), f -> map("swarmId", f.swarmId(), "from", f.from(), "to", f.to(),
        "bytes", f.bytes())));
    d.put("timeline", list(s.timeline(), e -> map("seconds", e.seconds(), "member", e.member(), "kind", e.kind(),
        "text", e.text())));
    d.put("missing", list(s.missing(), m -> map("what", m.what(), "howToRecord", m.howToRecord())));
    return d;
  }

  private static <T> List<Object> list(List<T> items, java.util.function.Function<T, Object> f) {
    List<Object> out = new ArrayList<>(items.size());
    items.forEach(i -> out.add(f.apply(i)));
    return out;
  }

  /** An ordered map from alternating keys and values; null values allowed (JSON null). */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
