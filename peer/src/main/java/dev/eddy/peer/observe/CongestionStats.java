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
 */
public record CongestionStats(
    ChannelRef channel,
    long cwndBytes,
    long baseDelayMicros,
    long queuingDelayMicros,
    long rttMicros,
    long bytesInFlight) {}
