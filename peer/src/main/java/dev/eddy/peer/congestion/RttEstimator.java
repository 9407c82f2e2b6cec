package dev.eddy.peer.congestion;

/**
 * Smoothed round-trip time and retransmission timeout as in RFC 6298, from samples of "DATA sent until its
 * ACK arrived" (only for chunks sent once: Karn's rule is the caller's job).
 */
public final class RttEstimator {
  private final long minRtoNs;
  private final long maxRtoNs;
  private long srttNs;
  private long rttVarNs;
  private boolean measured;

  public RttEstimator(long initialRtoNs, long minRtoNs, long maxRtoNs) {
    this.minRtoNs = minRtoNs;
    this.maxRtoNs = maxRtoNs;
    this.srttNs = initialRtoNs;
    this.rttVarNs = 0;
  }

  public void onSample(long rttNs) {
    if (!measured) {
      srttNs = rttNs;
      rttVarNs = rttNs / 2;
      measured = true;
    } else {
      rttVarNs = (3 * rttVarNs + Math.abs(srttNs - rttNs)) / 4;
      srttNs = (7 * srttNs + rttNs) / 8;
    }
  }

  /** srtt + 4 rttvar, clamped; before any sample, the initial value. */
  public long rtoNs() {
    return Math.max(minRtoNs, Math.min(maxRtoNs, srttNs + 4 * rttVarNs));
  }

  /** Round-trip variation, or 0 before the first sample. */
  public long rttVarNs() {
    return measured ? rttVarNs : 0;
  }

  /** Smoothed RTT, or 0 before the first sample. */
  public long srttNs() {
    return measured ? srttNs : 0;
  }
}
