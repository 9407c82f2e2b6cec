package dev.eddy.peer.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.ChannelTotals;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.DropReason;
import dev.eddy.peer.observe.Misbehaviour;
import dev.eddy.peer.observe.NegotiatedOptions;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerStatsSource;
import dev.eddy.peer.observe.PexContact;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A running peer's statistics for Prometheus, served at {@code http://HOST:PORT/metrics} in the OpenMetrics (or
 * Prometheus) text format. Fed from the same two places as the flight recorder: the {@link PeerObserver} calls
 * count what happens (datagrams dropped, channels opened and closed, misbehaviour, peer exchange), and the
 * {@link PeerStatsSource} is sampled at each scrape for the swarm and per-peer totals and the congestion state.
 * Labels are bounded: reasons and kinds come from closed sets, swarms from what the peer serves, and peers from
 * the per-swarm limit of {@link StatsCollector}; nothing is labelled per chunk or per channel ID.
 *
 * <p>When the peer stops, the swarm totals stay at their final values for the scrapes that follow, so a {@code
 * get} that waits for one more scrape ({@link #awaitScrapeAfterStop}) hands its final counts to Prometheus.
 */
public final class PeerMetrics implements PeerObserver, AutoCloseable {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final StatsCollector stats;
  private final Counter dropped;
  private final Counter droppedBytes;
  private final Counter opened;
  private final Counter closed;
  private final Counter misbehaviour;
  private final Counter pex;
  private final Object scrapes = new Object();
  /** Scrapes that began after the peer stopped and whose response was written; guarded by {@link #scrapes}. */
  private long scrapesAfterStop;
  private volatile boolean stopped;
  private HttpServer server;
  private ExecutorService serverThread;

  /** Metrics with per-peer series for at most {@code peersPerSwarm} peers of each swarm; not served yet. */
  public PeerMetrics(int peersPerSwarm) {
    stats = new StatsCollector(peersPerSwarm);
    registry.register(stats);
    dropped = counter("eddy_datagrams_dropped", "Received datagrams that reached no channel, by reason", null, "reason");
    droppedBytes = counter("eddy_datagrams_dropped_bytes", "Bytes of received datagrams that reached no channel, by reason",
        Unit.BYTES, "reason");
    opened = counter("eddy_channels_opened", "Channels whose handshake completed, by who initiated them", null, "initiated");
    closed = counter("eddy_channels_closed", "Channels that ended, by reason", null, "reason");
    misbehaviour = counter("eddy_peer_misbehaviour", "Messages from peers that a correct peer does not send, ignored, by kind",
        null, "kind");
    pex = counter("eddy_pex_contacts", "Peer-exchange steps: requests sent and answered, peers offered (accepted or "
        + "dropped), with a tracker or another peer", null, "kind", "accepted", "tracker");
  }

  private Counter counter(String name, String help, Unit unit, String... labels) {
    Counter.Builder b = Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars();
    if (unit != null) {
      b.unit(unit);
    }
    return b.register(registry);
  }

  /** Every metric family name this exports, without the {@code _total} of counters (for the dashboard's check). */
  public static List<String> familyNames() {
    List<String> names = new java.util.ArrayList<>(StatsCollector.NAMES);
    names.addAll(List.of("eddy_datagrams_dropped", "eddy_datagrams_dropped_bytes", "eddy_channels_opened", "eddy_channels_closed",
        "eddy_peer_misbehaviour", "eddy_pex_contacts"));
    return names;
  }

  /**
   * Serves the metrics at {@code http://ADDRESS/metrics} (port 0: any free port, see {@link #address()}), with the
   * Prometheus client's own handler (content negotiation, OpenMetrics or Prometheus text, gzip). The JDK server is
   * set up here rather than by the client's HTTPServer so a scrape counts only once its response is written: the
   * last scrape of a stopping peer must reach Prometheus before the process exits.
   *
   * @throws IOException when the address cannot be bound
   */
  public synchronized void serve(InetSocketAddress address) throws IOException {
    if (server != null) {
      throw new IllegalStateException("already serving on " + address());
    }
    MetricsHandler handler = new MetricsHandler(registry);
    HttpServer http = HttpServer.create(address, 8);
    http.createContext("/metrics", exchange -> {
      boolean after = stopped;
      handler.handle(exchange);
      if (after) {
        synchronized (scrapes) {
          scrapesAfterStop++;
          scrapes.notifyAll();
        }
      }
    });
    serverThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "eddy-metrics-http");
      t.setDaemon(true); // never what keeps the JVM alive
      return t;
    });
    http.setExecutor(serverThread);
    http.start();
    server = http;
  }

  /** Where the metrics are served. */
  public synchronized InetSocketAddress address() {
    if (server == null) {
      throw new IllegalStateException("not serving");
    }
    return server.getAddress();
  }

  /** The exposition text Prometheus would scrape, in the OpenMetrics format (for tests and checks). */
  public String scrape() throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter(false, false).write(out, registry.scrape());
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Waits until a scrape that began after the peer stopped has read the final values, at most {@code max}.
   *
   * @return whether such a scrape happened
   */
  public boolean awaitScrapeAfterStop(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (scrapes) {
      while (scrapesAfterStop == 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(scrapes, left);
      }
      return true;
    }
  }

  @Override
  public void onPeerStarted(PeerStatsSource source) {
    stats.sample(source);
  }

  @Override
  public void onPeerStopped() {
    stats.freeze();
    stopped = true;
  }

  @Override
  public void onDatagramDropped(DropReason reason, String detail, InetSocketAddress peer, int bytes) {
    String label = code(reason);
    dropped.labelValues(label).inc();
    droppedBytes.labelValues(label).inc(bytes);
  }

  @Override
  public void onChannelOpened(ChannelRef channel, NegotiatedOptions options, long handshakeNanos, boolean initiatedLocally) {
    opened.labelValues(initiatedLocally ? "local" : "remote").inc();
  }

  @Override
  public void onChannelClosed(ChannelRef channel, CloseReason reason, String detail, ChannelTotals totals) {
    closed.labelValues(code(reason)).inc();
  }

  @Override
  public void onMisbehaviour(ChannelRef channel, Misbehaviour kind, long chunkStart, long chunkEnd) {
    misbehaviour.labelValues(code(kind)).inc();
  }

  @Override
  public void onPexContact(ChannelRef channel, PexContact contact) {
    String accepted = contact.kind() == PexContact.Kind.PEER_OFFERED ? Boolean.toString(contact.accepted()) : "";
    pex.labelValues(code(contact.kind()), accepted, Boolean.toString(contact.tracker())).inc();
  }

  /** The label value of a closed set's member: its name in lower case ({@code unknown_channel}), stable across releases. */
  private static String code(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      serverThread.shutdownNow();
      server = null;
    }
  }
}
