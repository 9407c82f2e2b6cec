package dev.eddy.peer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.inspect.MiniJson;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.ChannelTotals;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.CongestionStats;
import dev.eddy.peer.observe.DropReason;
import dev.eddy.peer.observe.Misbehaviour;
import dev.eddy.peer.observe.NegotiatedOptions;
import dev.eddy.peer.observe.PeerStats;
import dev.eddy.peer.observe.PeerStatsSource;
import dev.eddy.peer.observe.PexContact;
import dev.eddy.peer.observe.SwarmStats;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard shipped in {@code dashboards/grafana/} is valid JSON, and every metric its queries name
 * is one the exposition writes (and every family the exposition writes is on some panel).
 */
public class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of(System.getProperty("eddy.root", "..")).resolve("dashboards/grafana/eddy-swarm.json");
  private static final Pattern METRIC = Pattern.compile("\\beddy_[a-z_]+");

  /** The PromQL of every panel target ({@code expr}), as written in the dashboard. */
  public static List<String> panelQueries() throws java.io.IOException {
    List<String> out = new ArrayList<>();
    collect(MiniJson.parseObject(Files.readString(DASHBOARD)), Set.of("expr"), out);
    return out;
  }

  @Test
  void everyQueryNamesAMetricThePeerExports() throws Exception {
    List<String> queries = new ArrayList<>();
    collect(MiniJson.parseObject(Files.readString(DASHBOARD)), Set.of("expr", "definition"), queries);
    assertThat(queries).as("queries in the dashboard").hasSizeGreaterThan(10);
    Set<String> named = new TreeSet<>();
    for (String q : queries) {
      Matcher m = METRIC.matcher(q);
      while (m.find()) {
        named.add(m.group());
      }
    }

    Set<String> exported = sampleNames(exercisedExposition());
    assertThat(exported).as("the exposition").isNotEmpty();
    assertThat(named).as("metrics the dashboard queries that the peer does not export").isSubsetOf(exported);
    Set<String> families = PeerMetrics.familyNames().stream().collect(Collectors.toCollection(TreeSet::new));
    Set<String> shown = named.stream().map(n -> n.replaceFirst("_total$", "")).collect(Collectors.toSet());
    assertThat(families).as("exported families no panel shows").isSubsetOf(shown);
  }

  /** Every string under one of {@code keys}: panel targets' {@code expr}, template variables' {@code definition}. */
  private static void collect(Object node, Set<String> keys, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (keys.contains(k) && v instanceof String s) {
          out.add(s);
        } else {
          collect(v, keys, out);
        }
      });
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collect(v, keys, out));
    }
  }

  /** The exposition of metrics that have seen one of everything: every family has a sample. */
  private static String exercisedExposition() throws Exception {
    String swarm = "651258d87cf77ea7b3e5dd7833df8c70a306f1df";
    ChannelRef channel = new ChannelRef(0xdeadbeefL, 0x0badcafeL, new InetSocketAddress("127.0.0.1", 6778), swarm);
    ChannelTotals totals = new ChannelTotals(4096, 8192, 4, 8, 1, 2_000_000_000L, 0, 5_000_000_000L,
        new CongestionStats.LossCounters(1, 0, 1, 0));
    PeerStatsSource source = new PeerStatsSource() {
      @Override
      public List<SwarmStats> swarms() {
        return List.of(new SwarmStats(swarm, 1, 8, 16, 4096, 8192, 0, 0, new SwarmStats.Counters(4, 8, 1, 0, 2)));
      }

      @Override
      public List<CongestionStats> channels() {
        return List.of(new CongestionStats(channel, 30_000, 120, 2_500, 400, 2048, totals.loss()));
      }

      @Override
      public List<PeerStats> peers() {
        return List.of(new PeerStats(channel, totals, false, true, 16));
      }
    };
    try (PeerMetrics metrics = new PeerMetrics(20)) {
      metrics.onPeerStarted(source);
      metrics.onDatagramDropped(DropReason.UNKNOWN_CHANNEL, "no channel", channel.remote(), 40);
      metrics.onChannelOpened(channel, new NegotiatedOptions(1, 1, 0, 2, 1024), 1_000_000, true);
      metrics.onChannelClosed(channel, CloseReason.PEER_TIMEOUT, "", totals);
      metrics.onMisbehaviour(channel, Misbehaviour.UNREQUESTED_DATA, 3, 3);
      metrics.onPexContact(channel, new PexContact(PexContact.Kind.REQUEST_SENT, null, 0, "", false, true));
      return metrics.scrape();
    }
  }

  private static Set<String> sampleNames(String exposition) {
    return exposition.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }
}
