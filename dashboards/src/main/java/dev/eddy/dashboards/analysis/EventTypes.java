package dev.eddy.dashboards.analysis;

import java.util.List;

/**
 * Names of the flight recorder events the analysis reads. Kept as names, not classes: a recording is read as
 * data, so the report also works on recordings made by other builds of the peer and by the agent.
 */
public final class EventTypes {
  public static final String PREFIX = "dev.eddy.ppspp.";
  public static final String MESSAGE_SENT = PREFIX + "MessageSent";
  public static final String MESSAGE_RECEIVED = PREFIX + "MessageReceived";
  public static final String DATAGRAM_DROPPED = PREFIX + "DatagramDropped";
  public static final String CHANNEL_OPENED = PREFIX + "ChannelOpened";
  public static final String CHANNEL_CLOSED = PREFIX + "ChannelClosed";
  public static final String CHUNK_VERIFIED = PREFIX + "ChunkVerified";
  public static final String INTEGRITY_FAILURE = PREFIX + "IntegrityFailure";
  public static final String RETRANSMISSION = PREFIX + "Retransmission";
  public static final String CHOKE = PREFIX + "Choke";
  public static final String LIVE_LAG = PREFIX + "LiveLag";
  public static final String UNCHOKE = PREFIX + "Unchoke";
  public static final String SWARM_STATISTICS = PREFIX + "SwarmStatistics";
  public static final String CONGESTION_STATE = PREFIX + "CongestionState";
  public static final String PEER_STATISTICS = PREFIX + "PeerStatistics";
  public static final String PEX_CONTACT = PREFIX + "PexContact";
  public static final String METHOD_CALL = "dev.eddy.trace.MethodCall";
  public static final String METHOD_SUMMARY = "dev.eddy.trace.MethodSummary";
  /** What the tracing agent records: one event per call, or per method and interval in {@code mode:summary}. */
  public static final List<String> TRACE = List.of(METHOD_CALL, METHOD_SUMMARY);
  /** The JDK's record of each event setting in force, which tells "disabled" from "enabled but none happened". */
  public static final String ACTIVE_SETTING = "jdk.ActiveSetting";

  public static final List<String> PPSPP = List.of(CHANNEL_OPENED, MESSAGE_SENT, MESSAGE_RECEIVED, CHUNK_VERIFIED,
      INTEGRITY_FAILURE, RETRANSMISSION, CHOKE, UNCHOKE, DATAGRAM_DROPPED, CHANNEL_CLOSED, SWARM_STATISTICS,
      CONGESTION_STATE, PEER_STATISTICS, PEX_CONTACT);

  private EventTypes() {}
}
