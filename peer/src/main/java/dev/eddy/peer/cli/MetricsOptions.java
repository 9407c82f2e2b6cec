package dev.eddy.peer.cli;

import dev.eddy.peer.metrics.PeerMetrics;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerObservers;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --metrics HOST:PORT} for every command that runs a peer (a mixin of {@link PeerOptions}): the peer's
 * statistics for Prometheus at {@code http://HOST:PORT/metrics}, see {@link PeerMetrics}.
 */
final class MetricsOptions {
  @Option(names = "--metrics", paramLabel = "HOST:PORT", converter = HostPort.class,
      description = "Serve live statistics for Prometheus at http://HOST:PORT/metrics (OpenMetrics text): bytes and "
          + "chunks per swarm and per peer, channels, drops by reason, integrity failures, congestion window, RTT. "
          + "Port 0 picks a free port (printed on stderr).")
  InetSocketAddress address;

  @Option(names = "--metrics-wait", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
      description = "When the peer stops (a download ends, a seeder is stopped), keep --metrics up until it has been "
          + "scraped once more, at most this long, so Prometheus sees the final counts (default ${DEFAULT-VALUE}, a common "
          + "scrape interval; 0 to exit at once).")
  Duration finalScrapeWait;

  private PeerMetrics metrics;

  /**
   * Starts the endpoint if {@code --metrics} was given, before the peer runs (a port in use fails the command
   * at once); the returned observer feeds it ({@link PeerObservers#NONE} without {@code --metrics}).
   *
   * @param peersPerSwarm at most this many peers of a swarm get their own series
   */
  PeerObserver start(int peersPerSwarm, PrintWriter err) {
    if (address == null) {
      return PeerObservers.NONE;
    }
    metrics = new PeerMetrics(peersPerSwarm);
    try {
      metrics.serve(address);
    } catch (IOException e) {
      throw new UserError(ExitCodes.CANNOT_LISTEN, "--metrics: cannot listen on " + HostPort.format(address) + ": " + e.getMessage());
    }
    err.println("eddy: metrics for Prometheus at http://" + HostPort.format(metrics.address()) + "/metrics");
    err.flush();
    return metrics;
  }

  /** After the peer stopped: waits for Prometheus to scrape the final counts (bounded by --metrics-wait), then stops serving. */
  void finish(PrintWriter err) {
    if (metrics == null) {
      return;
    }
    try {
      if (!finalScrapeWait.isZero()) {
        err.println("eddy: waiting up to " + DurationConverter.format(finalScrapeWait) + " for Prometheus to scrape the final counts");
        err.flush();
      }
      if (!finalScrapeWait.isZero() && !metrics.awaitScrapeAfterStop(finalScrapeWait)) {
        err.println("eddy: --metrics was not scraped within --metrics-wait " + DurationConverter.format(finalScrapeWait)
            + " of the end: Prometheus has not seen the final counts");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      metrics.close();
    }
  }

  void validate(picocli.CommandLine command) {
    Inputs.duration(command, "--metrics-wait", finalScrapeWait, Duration.ZERO, Duration.ofMinutes(10), "");
  }
}
