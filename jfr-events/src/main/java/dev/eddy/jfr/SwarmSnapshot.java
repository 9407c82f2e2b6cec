package dev.eddy.jfr;

/**
 * One swarm at one instant, as the peer reports it for {@link SwarmStatisticsEvent}.
 *
 * @param swarmId lower-case hex swarm ID
 * @param peers channels open in this swarm
 * @param chunksHeld verified chunks we hold
 * @param chunksTotal chunks in the content, 0 while unknown
 * @param bytesUploaded payload bytes sent since the swarm started
 * @param bytesDownloaded verified payload bytes received since the swarm started
 * @param uploadBytesPerSecond upload rate over the peer's last sampling interval
 * @param downloadBytesPerSecond download rate over the peer's last sampling interval
 */
public record SwarmSnapshot(
    String swarmId,
    int peers,
    long chunksHeld,
    long chunksTotal,
    long bytesUploaded,
    long bytesDownloaded,
    long uploadBytesPerSecond,
    long downloadBytesPerSecond) {

  /** Held over total, 0 while the total is unknown. */
  public double progress() {
    return chunksTotal <= 0 ? 0.0 : (double) chunksHeld / chunksTotal;
  }
}
