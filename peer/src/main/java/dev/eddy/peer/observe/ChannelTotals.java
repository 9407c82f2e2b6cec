package dev.eddy.peer.observe;

/**
 * What one channel moved so far (at its close: over its whole life); byte and chunk counts are payload only, each way.
 *
 * @param bytesSent payload bytes sent
 * @param bytesReceived verified payload bytes received
 * @param chunksSent chunks sent (retransmissions included)
 * @param chunksReceived chunks received and verified
 * @param duplicateChunks chunks received from this peer that we already held (verified, then discarded)
 * @param chokedByRemoteNanos time the remote peer kept us choked
 * @param chokedByUsNanos time we kept the remote peer choked
 * @param lifetimeNanos from the channel's creation until now (or its close)
 * @param loss the sending side's loss recovery counters
 */
public record ChannelTotals(
    long bytesSent,
    long bytesReceived,
    long chunksSent,
    long chunksReceived,
    long duplicateChunks,
    long chokedByRemoteNanos,
    long chokedByUsNanos,
    long lifetimeNanos,
    CongestionStats.LossCounters loss) {}
