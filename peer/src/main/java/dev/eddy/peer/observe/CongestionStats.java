package dev.eddy.peer.observe;

/**
 * The sending side of one channel at one instant (LEDBAT, RFC 6817).
 *
 * @param channel the channel
 * @param cwndBytes congestion window
 * @param baseDelayMicros lowest one-way delay seen recently (the base delay)
 * @param queuingDelayMicros current one-way delay minus the base delay
 * @param rttMicros smoothed round-trip time (0 until measured)
 * @param bytesInFlight payload bytes sent and not yet acknowledged
 * @param loss loss recovery's counters since the channel opened
 */
public record CongestionStats(
    ChannelRef channel,
    long cwndBytes,
    long baseDelayMicros,
    long queuingDelayMicros,
    long rttMicros,
    long bytesInFlight,
    LossCounters loss) {

  /**
   * @param retransmittedChunks chunks sent again
   * @param spuriousRetransmissions of those, chunks whose first copy arrived too
   * @param episodes loss episodes (each reduced the window once)
   * @param timeouts retransmission timeouts (everything in flight declared lost)
   */
  public record LossCounters(long retransmittedChunks, long spuriousRetransmissions, long episodes, long timeouts) {}
}
