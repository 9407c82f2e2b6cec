package dev.eddy.peer.channel;

import dev.eddy.peer.congestion.Ledbat;
import dev.eddy.peer.wire.ChunkAddressing;
import java.util.Objects;

/**
 * Timing and sizing of every channel in a peer. Defaults suit real use; tests shorten the timeouts.
 *
 * @param handshakeFirstRetryNs wait before the first handshake retry; each further retry waits twice as long,
 *     up to {@link #MAX_HANDSHAKE_BACKOFF_SHIFT} doublings
 * @param handshakeAttempts handshakes sent before the peer is declared unreachable
 * @param keepAliveNs send a keep-alive after this long without sending anything (RFC 7574 §8.15)
 * @param deadPeerNs close a channel after this long without receiving anything
 * @param requestTimeoutNs give requested chunks back to the picker after this long without DATA
 * @param requestWindowBytes how many bytes of chunks to keep requested from one peer
 * @param targetDelayMicros LEDBAT target queuing delay
 * @param maxCwndBytes LEDBAT window ceiling
 * @param controlPayloadBytes UDP payload limit for datagrams without DATA (path MTU minus headers)
 * @param atomicDatagrams send each DATA with every hash the receiver has not acknowledged knowing, in the same
 *     datagram (RFC 7574 §5.3, for receivers that use no hash from another datagram); off, hashes go once
 *     per channel, ahead of a batch of DATA (as libswift, too, relies on hashes it sent before)
 * @param chunkAddressing how this peer writes chunk specifications, announced in its handshakes; the remote
 *     writes them its own way, announced in its own (RFC 7574 §7.6: options describe their sender)
 */
public record ChannelConfig(
    long handshakeFirstRetryNs,
    int handshakeAttempts,
    long keepAliveNs,
    long deadPeerNs,
    long requestTimeoutNs,
    int requestWindowBytes,
    long targetDelayMicros,
    long maxCwndBytes,
    int controlPayloadBytes,
    boolean atomicDatagrams,
    ChunkAddressing chunkAddressing) {

  private static final long MS = 1_000_000L;

  public static final ChannelConfig DEFAULT =
      new ChannelConfig(
          300 * MS, 4, 10_000 * MS, 60_000 * MS, 2_000 * MS, 4 << 20, Ledbat.DEFAULT_TARGET_DELAY_MICROS, 8 << 20, 1400, false,
          ChunkAddressing.CHUNK_RANGES_32);

  public ChannelConfig {
    if (handshakeFirstRetryNs <= 0 || handshakeAttempts < 1 || keepAliveNs <= 0 || deadPeerNs <= keepAliveNs
        || requestTimeoutNs <= 0 || requestWindowBytes <= 0 || targetDelayMicros <= 0 || controlPayloadBytes < 64) {
      throw new IllegalArgumentException("bad channel configuration");
    }
    if (!Objects.requireNonNull(chunkAddressing, "chunkAddressing").isKnown()) {
      throw new IllegalArgumentException("unknown chunk addressing method " + chunkAddressing.code());
    }
  }

  /** Retries back off by doubling, but never wait longer than this many doublings, so a peer that comes up
   * late (a seeder started after its downloader) is reached within a few seconds. */
  public static final int MAX_HANDSHAKE_BACKOFF_SHIFT = 3;

  /** How long to wait for a reply after handshake number {@code attempt} (1-based). */
  public long handshakeRetryDelayNs(int attempt) {
    return handshakeFirstRetryNs << Math.min(attempt - 1, MAX_HANDSHAKE_BACKOFF_SHIFT);
  }

  /** Total time the handshake retries take before the peer counts as unreachable. */
  public long handshakeGiveUpNs() {
    long total = 0;
    for (int attempt = 1; attempt <= handshakeAttempts; attempt++) {
      total += handshakeRetryDelayNs(attempt);
    }
    return total;
  }

  /** The same configuration, retrying handshakes until at least {@code connectTimeoutNs} has passed. */
  public ChannelConfig withConnectTimeoutNs(long connectTimeoutNs) {
    int attempts = 1;
    long total = handshakeRetryDelayNs(1);
    while (total < connectTimeoutNs) {
      total += handshakeRetryDelayNs(++attempts);
    }
    return new ChannelConfig(handshakeFirstRetryNs, attempts, keepAliveNs, deadPeerNs, requestTimeoutNs,
        requestWindowBytes, targetDelayMicros, maxCwndBytes, controlPayloadBytes, atomicDatagrams, chunkAddressing);
  }

  public ChannelConfig withTargetDelayMicros(long value) {
    return new ChannelConfig(handshakeFirstRetryNs, handshakeAttempts, keepAliveNs, deadPeerNs, requestTimeoutNs,
        requestWindowBytes, value, maxCwndBytes, controlPayloadBytes, atomicDatagrams, chunkAddressing);
  }

  public ChannelConfig withRequestWindowBytes(int value) {
    return new ChannelConfig(handshakeFirstRetryNs, handshakeAttempts, keepAliveNs, deadPeerNs, requestTimeoutNs,
        value, targetDelayMicros, maxCwndBytes, controlPayloadBytes, atomicDatagrams, chunkAddressing);
  }

  public ChannelConfig withAtomicDatagrams(boolean value) {
    return new ChannelConfig(handshakeFirstRetryNs, handshakeAttempts, keepAliveNs, deadPeerNs, requestTimeoutNs,
        requestWindowBytes, targetDelayMicros, maxCwndBytes, controlPayloadBytes, value, chunkAddressing);
  }

  public ChannelConfig withChunkAddressing(ChunkAddressing value) {
    return new ChannelConfig(handshakeFirstRetryNs, handshakeAttempts, keepAliveNs, deadPeerNs, requestTimeoutNs,
        requestWindowBytes, targetDelayMicros, maxCwndBytes, controlPayloadBytes, atomicDatagrams, value);
  }
}
