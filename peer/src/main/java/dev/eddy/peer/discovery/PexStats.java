package dev.eddy.peer.discovery;

import java.util.Map;

/**
 * Peer exchange so far.
 *
 * @param learned distinct peers first heard of through PEX_RES (connected to, or already connected)
 * @param dropped offered addresses dropped, by reason
 * @param certificatesIgnored PEX_REScert messages (decoded and ignored: no certificates are configured)
 */
public record PexStats(long learned, Map<PexVerdict, Long> dropped, long certificatesIgnored) {
  public PexStats {
    dropped = Map.copyOf(dropped);
  }

  public long droppedTotal() {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }
}
