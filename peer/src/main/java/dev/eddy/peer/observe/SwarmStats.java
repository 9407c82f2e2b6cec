package dev.eddy.peer.observe;

/**
 * One swarm at one instant.
 *
 * @param swarmId hex swarm ID
 * @param peers channels open in this swarm
 * @param chunksHeld verified chunks we hold
 * @param chunksTotal chunks in the content (0 while unknown)
 * @param bytesUploaded payload bytes sent since the swarm started
 * @param bytesDownloaded verified payload bytes received since the swarm started
 * @param uploadBytesPerSecond payload upload rate over the last sampling interval
 * @param downloadBytesPerSecond verified download rate over the last sampling interval
 */
public record SwarmStats(
    String swarmId,
    int peers,
    long chunksHeld,
    long chunksTotal,
    long bytesUploaded,
    long bytesDownloaded,
    double uploadBytesPerSecond,
    double downloadBytesPerSecond) {}
