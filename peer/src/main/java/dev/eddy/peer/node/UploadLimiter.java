package dev.eddy.peer.node;

/**
 * A token bucket over every datagram the peer sends (all channels, all swarms): an upload cap for a peer
 * that shares a link, or a seeder that should leave the spreading to its downloaders. Channels ask before
 * each batch of DATA ({@code canSendMore}), so a batch may overdraw the bucket; the debt is paid back
 * before the next one. The peer's timer tick refills it and wakes the channels.
 */
final class UploadLimiter {
  /** Bucket depth: how far ahead of the rate a burst may run. */
  private static final long BURST_NANOS = 20_000_000L;

  private final long bytesPerSecond;
  private final long burstBytes;
  private long tokens;
  private long lastRefillNs;

  UploadLimiter(long bytesPerSecond, long nowNs) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("upload rate must be positive: " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
    this.burstBytes = Math.max(64 << 10, bytesPerSecond * BURST_NANOS / 1_000_000_000L);
    this.tokens = burstBytes;
    this.lastRefillNs = nowNs;
  }

  boolean canSend(long nowNs) {
    refill(nowNs);
    return tokens > 0;
  }

  void onSent(int bytes) {
    tokens -= bytes;
  }

  private void refill(long nowNs) {
    long elapsed = nowNs - lastRefillNs;
    if (elapsed <= 0) {
      return;
    }
    long earned = elapsed >= 1_000_000_000L ? burstBytes : bytesPerSecond * elapsed / 1_000_000_000L;
    if (earned > 0) {
      tokens = Math.min(burstBytes, tokens + earned);
      lastRefillNs = nowNs;
    }
  }
}
