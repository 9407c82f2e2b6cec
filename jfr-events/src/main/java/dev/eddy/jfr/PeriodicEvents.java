package dev.eddy.jfr;

import java.util.Collection;
import java.util.function.Supplier;
import jdk.jfr.FlightRecorder;

/**
 * The periodic {@link SwarmStatisticsEvent} and {@link CongestionStateEvent}: JFR calls the hooks at the
 * period the recording's settings ask for (1 s by default) and only while a recording enables them, so a
 * peer nobody records pays nothing. The suppliers are called on JFR's periodic thread: they must be safe
 * to call from any thread and return a fresh snapshot each time.
 *
 * <pre>{@code
 * try (PeriodicEvents periodic = PeriodicEvents.install(peer::swarmSnapshots, peer::congestionSnapshots)) {
 *   ... run the peer ...
 * }
 * }</pre>
 */
public final class PeriodicEvents implements AutoCloseable {
  private final Runnable swarmHook;
  private final Runnable congestionHook;

  private PeriodicEvents(Runnable swarmHook, Runnable congestionHook) {
    this.swarmHook = swarmHook;
    this.congestionHook = congestionHook;
  }

  /** Adds both hooks; each call adds its own pair, so several peers in one JVM each report their state. */
  public static PeriodicEvents install(
      Supplier<? extends Collection<SwarmSnapshot>> swarms,
      Supplier<? extends Collection<CongestionSnapshot>> channels) {
    Runnable swarmHook = () -> swarms.get().forEach(PeriodicEvents::commitSwarm);
    Runnable congestionHook = () -> channels.get().forEach(PeriodicEvents::commitCongestion);
    FlightRecorder.addPeriodicEvent(SwarmStatisticsEvent.class, swarmHook);
    FlightRecorder.addPeriodicEvent(CongestionStateEvent.class, congestionHook);
    return new PeriodicEvents(swarmHook, congestionHook);
  }

  /** Removes the hooks; idempotent. */
  @Override
  public void close() {
    FlightRecorder.removePeriodicEvent(swarmHook);
    FlightRecorder.removePeriodicEvent(congestionHook);
  }

  private static void commitSwarm(SwarmSnapshot s) {
    SwarmStatisticsEvent e = new SwarmStatisticsEvent();
    e.swarmId = s.swarmId();
    e.peers = s.peers();
    e.chunksHeld = s.chunksHeld();
    e.chunksTotal = s.chunksTotal();
    e.progress = s.progress();
    e.bytesUploaded = s.bytesUploaded();
    e.bytesDownloaded = s.bytesDownloaded();
    e.uploadRate = s.uploadBytesPerSecond();
    e.downloadRate = s.downloadBytesPerSecond();
    e.commit();
  }

  private static void commitCongestion(CongestionSnapshot c) {
    CongestionStateEvent e = new CongestionStateEvent();
    e.localChannel = c.localChannel();
    e.remoteAddress = c.remoteAddress();
    e.swarmId = c.swarmId();
    e.congestionWindow = c.congestionWindowBytes();
    e.baseDelay = c.baseDelayNanos();
    e.queuingDelay = c.queuingDelayNanos();
    e.roundTripTime = c.roundTripNanos();
    e.bytesInFlight = c.bytesInFlight();
    e.commit();
  }
}
