package dev.eddy.jfr;

/**
 * One remote peer of one swarm at one instant, as the peer reports it for {@link PeerStatisticsEvent}.
 *
 * @param localChannel our channel ID
 * @param remoteAddress the remote peer, {@code host:port}
 * @param swarmId lower-case hex swarm ID
 * @param bytesSent payload bytes sent to it
 * @param bytesReceived verified payload bytes received from it
 * @param chunksSent chunks sent to it
 * @param chunksReceived chunks received from it and verified
 * @param duplicateChunks chunks from it that we held already
 * @param chokedByRemoteNanos time it kept us choked so far
 * @param chokedByUsNanos time we kept it choked so far
 * @param chokedByRemote whether it chokes us now
 * @param chokingRemote whether we choke it now
 * @param contentShare the share of the content's chunks that came from it (0 to 1)
 */
public record PeerSnapshot(
    long localChannel,
    String remoteAddress,
    String swarmId,
    long bytesSent,
    long bytesReceived,
    long chunksSent,
    long chunksReceived,
    long duplicateChunks,
    long chokedByRemoteNanos,
    long chokedByUsNanos,
    boolean chokedByRemote,
    boolean chokingRemote,
    double contentShare) {}
