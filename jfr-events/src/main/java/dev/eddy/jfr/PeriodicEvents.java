package dev.eddy.jfr;

import java.util.Collection;
import java.util.function.Supplier;
import jdk.jfr.FlightRecorder;

/**
 * The periodic {@link SwarmStatisticsEvent}, {@link CongestionStateEvent} and {@link PeerStatisticsEvent}: JFR calls the hooks at the
 * period the recording's settings ask for (1 s by default) and only while a recording enables them, so a
 * peer nobody records pays nothing. The suppliers are called on JFR's periodic thread: they must be safe
 * to call from any thread and return a fresh snapshot each time.
 *
 * <pre>{@code
 * try (PeriodicEvents periodic = PeriodicEvents.install(peer::swarmSnapshots, peer::congestionSnapshots, peer::peerSnapshots)) {
 *   ... run the peer ...
 * }
 * }</pre>
 */
public final class PeriodicEvents implements AutoCloseable {
  private final Runnable swarmHook;
  private final Runnable congestionHook;
  private final Runnable peerHook;
  /** Set by {@link #close()} under this object's lock, which every hook run holds. */
  private boolean closed;

  private PeriodicEvents(
      Supplier<? extends Collection<SwarmSnapshot>> swarms,
      Supplier<? extends Collection<CongestionSnapshot>> channels,
      Supplier<? extends Collection<PeerSnapshot>> peers) {
    this.swarmHook = () -> emit(() -> swarms.get().forEach(PeriodicEvents::commitSwarm));
    this.congestionHook = () -> emit(() -> channels.get().forEach(PeriodicEvents::commitCongestion));
    this.peerHook = () -> emit(() -> peers.get().forEach(PeriodicEvents::commitPeer));
  }

  /** Adds the three hooks; each call adds its own, so several peers in one JVM each report their state. */
  public static PeriodicEvents install(
      Supplier<? extends Collection<SwarmSnapshot>> swarms,
      Supplier<? extends Collection<CongestionSnapshot>> channels,
      Supplier<? extends Collection<PeerSnapshot>> peers) {
    PeriodicEvents periodic = new PeriodicEvents(swarms, channels, peers);
    FlightRecorder.addPeriodicEvent(SwarmStatisticsEvent.class, periodic.swarmHook);
    FlightRecorder.addPeriodicEvent(CongestionStateEvent.class, periodic.congestionHook);
    FlightRecorder.addPeriodicEvent(PeerStatisticsEvent.class, periodic.peerHook);
    return periodic;
  }

  /**
   * Commits one sample of each now, if a recording enables them: the final state of a peer that stops,
   * which a run shorter than the period would otherwise not record at all.
   */
  public void commitNow() {
    if (new SwarmStatisticsEvent().isEnabled()) {
      swarmHook.run();
    }
    if (new CongestionStateEvent().isEnabled()) {
      congestionHook.run();
    }
    if (new PeerStatisticsEvent().isEnabled()) {
      peerHook.run();
    }
  }

  /**
   * Removes the hooks; idempotent. Once it returns no event of theirs is committed any more: a hook that JFR's
   * periodic thread was already running finishes first (removing a hook does not stop a run in progress).
   */
  @Override
  public void close() {
    FlightRecorder.removePeriodicEvent(swarmHook);
    FlightRecorder.removePeriodicEvent(congestionHook);
    FlightRecorder.removePeriodicEvent(peerHook);
    synchronized (this) {
      closed = true;
    }
  }

  private synchronized void emit(Runnable commits) {
    if (!closed) {
      commits.run();
    }
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
    e.retransmittedChunks = c.retransmittedChunks();
    e.spuriousRetransmissions = c.spuriousRetransmissions();
    e.lossEpisodes = c.lossEpisodes();
    e.retransmissionTimeouts = c.retransmissionTimeouts();
    e.commit();
  }

  private static void commitPeer(PeerSnapshot p) {
    PeerStatisticsEvent e = new PeerStatisticsEvent();
    e.localChannel = p.localChannel();
    e.remoteAddress = p.remoteAddress();
    e.swarmId = p.swarmId();
    e.bytesSent = p.bytesSent();
    e.bytesReceived = p.bytesReceived();
    e.chunksSent = p.chunksSent();
    e.chunksReceived = p.chunksReceived();
    e.duplicateChunks = p.duplicateChunks();
    e.chokedByRemoteTime = p.chokedByRemoteNanos();
    e.chokedByUsTime = p.chokedByUsNanos();
    e.chokedByRemote = p.chokedByRemote();
    e.chokingRemote = p.chokingRemote();
    e.contentShare = p.contentShare();
    e.commit();
  }
}
