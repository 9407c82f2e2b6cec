package dev.eddy.peer.wire;

import java.util.Objects;

/**
 * libswift's pre-PPSPP opening handshake, which it falls back to after three unanswered PPSPP handshakes:
 * {@code 00000000 04 7fffffff <20-byte root hash> 00 <source channel:4>} (the old HASH message for the
 * whole tree, then the old HANDSHAKE). Eddy recognises it, counts it and ignores it.
 *
 * @param sourceChannel the sender's channel ID
 * @param length the datagram's length in bytes
 */
public record LegacyHandshake(Bytes rootHash, long sourceChannel, int length) {
  /** Minimum bytes: channel, type, bin, 20-byte hash, type, source channel. */
  public static final int LENGTH = 4 + 1 + 4 + 20 + 1 + 4;

  public LegacyHandshake {
    Objects.requireNonNull(rootHash, "rootHash");
    Channels.requireChannelId(sourceChannel);
  }
}
