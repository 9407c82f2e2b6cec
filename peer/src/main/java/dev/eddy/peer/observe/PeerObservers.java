package dev.eddy.peer.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Builds the observer a peer runs with: every {@link PeerObserver} registered in
 * {@code META-INF/services/dev.eddy.peer.observe.PeerObserver} (e.g. the JFR one), plus the per-message
 * debug log when asked for.
 */
public final class PeerObservers {
  /** Observes nothing; the data path then skips per-message work. */
  public static final PeerObserver NONE = new PeerObserver() {};

  private PeerObservers() {}

  public static PeerObserver standard(boolean debugLog) {
    List<PeerObserver> all = new ArrayList<>();
    ServiceLoader.load(PeerObserver.class, PeerObservers.class.getClassLoader()).forEach(all::add);
    if (debugLog) {
      all.add(new LoggingPeerObserver());
    }
    return of(all);
  }

  public static PeerObserver of(List<? extends PeerObserver> observers) {
    return switch (observers.size()) {
      case 0 -> NONE;
      case 1 -> observers.get(0);
      default -> new CompositePeerObserver(observers);
    };
  }
}
