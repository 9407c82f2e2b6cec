package dev.eddy.peer.channel;

/** How long one side of a channel has been choked in all, the current stretch included. */
final class ChokeTimer {
  private boolean choked;
  private long sinceNs;
  private long totalNs;

  void set(boolean choke, long nowNs) {
    if (choke == choked) {
      return;
    }
    if (choke) {
      sinceNs = nowNs;
    } else {
      totalNs += nowNs - sinceNs;
    }
    choked = choke;
  }

  long totalNs(long nowNs) {
    return choked ? totalNs + nowNs - sinceNs : totalNs;
  }
}
