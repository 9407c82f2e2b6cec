package dev.eddy.jfr;

import java.util.List;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;

/** Every PPSPP event type, for registering them up front and for tests and tools that list them. */
public final class PpsppEvents {
  /** All concrete event classes, in the order a transfer meets them. */
  public static final List<Class<? extends Event>> TYPES =
      List.of(
          ChannelOpenedEvent.class,
          MessageSentEvent.class,
          MessageReceivedEvent.class,
          ChunkVerifiedEvent.class,
          IntegrityFailureEvent.class,
          PeerMisbehaviourEvent.class,
          RetransmissionEvent.class,
          ChokeEvent.class,
          UnchokeEvent.class,
          PexContactEvent.class,
          DatagramDroppedEvent.class,
          ChannelClosedEvent.class,
          SwarmStatisticsEvent.class,
          CongestionStateEvent.class,
          PeerStatisticsEvent.class,
          SignatureVerifiedEvent.class,
          SignatureFailedEvent.class,
          DiscardWindowAdvanceEvent.class,
          LiveLagEvent.class);

  private PpsppEvents() {}

  /**
   * Registers every type with the flight recorder, so recordings list them (and {@code jfr summary}
   * counts them) even before the first one is committed. Idempotent.
   */
  public static void register() {
    TYPES.forEach(FlightRecorder::register);
  }
}
