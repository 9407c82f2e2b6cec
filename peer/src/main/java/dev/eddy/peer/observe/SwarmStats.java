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
 * @param counters the swarm's event counters since it started
 */
public record SwarmStats(
    String swarmId,
    int peers,
    long chunksHeld,
    long chunksTotal,
    long bytesUploaded,
    long bytesDownloaded,
    double uploadBytesPerSecond,
    double downloadBytesPerSecond,
    Counters counters) {

  /**
   * @param chunksUploaded chunks sent (retransmissions included)
   * @param chunksDownloaded chunks received and verified
   * @param duplicateChunks chunks received again after they had verified
   * @param integrityFailures received chunks that failed verification
   * @param requestsRefused REQUESTs not served because we choked their sender
   */
  public record Counters(long chunksUploaded, long chunksDownloaded, long duplicateChunks, long integrityFailures, long requestsRefused) {
    public static final Counters NONE = new Counters(0, 0, 0, 0, 0);
  }
}
