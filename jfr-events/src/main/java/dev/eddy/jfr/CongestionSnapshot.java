package dev.eddy.jfr;

/**
 * The sending side of one channel at one instant, as the peer reports it for {@link CongestionStateEvent}.
 *
 * @param localChannel our channel ID
 * @param remoteAddress the remote peer, {@code host:port}
 * @param swarmId lower-case hex swarm ID
 * @param congestionWindowBytes LEDBAT congestion window
 * @param baseDelayNanos lowest one-way delay seen recently
 * @param queuingDelayNanos current one-way delay minus the base delay
 * @param roundTripNanos smoothed round-trip time, 0 until measured
 * @param bytesInFlight payload bytes sent and not yet acknowledged
 * @param retransmittedChunks chunks sent again since the channel opened
 * @param spuriousRetransmissions of those, chunks whose first copy arrived too
 * @param lossEpisodes loss episodes since the channel opened (each reduced the window once)
 * @param retransmissionTimeouts timeouts that declared everything in flight lost
 */
public record CongestionSnapshot(
    long localChannel,
    String remoteAddress,
    String swarmId,
    long congestionWindowBytes,
    long baseDelayNanos,
    long queuingDelayNanos,
    long roundTripNanos,
    long bytesInFlight,
    long retransmittedChunks,
    long spuriousRetransmissions,
    long lossEpisodes,
    long retransmissionTimeouts) {}
