package dev.eddy.peer.observe;

/**
 * What one channel moved over its whole life; byte and chunk counts are payload only, each way.
 *
 * @param bytesSent payload bytes sent
 * @param bytesReceived verified payload bytes received
 * @param chunksSent chunks sent (retransmissions included)
 * @param chunksReceived chunks received and verified
 * @param lifetimeNanos from the channel's creation to its close
 * @param loss the sending side's loss recovery counters
 */
public record ChannelTotals(
    long bytesSent,
    long bytesReceived,
    long chunksSent,
    long chunksReceived,
    long lifetimeNanos,
    CongestionStats.LossCounters loss) {}
