package dev.eddy.peer.wire;

import java.util.Objects;

/**
 * HANDSHAKE (RFC 7574 §8.4): {@code 00 <source channel:4> <options> ff}. A source channel of 0 closes
 * the channel (§8.6); a close needs no options but the end option.
 *
 * @param sourceChannel the sender's channel ID (unsigned 32 bits), 0 for a close
 */
public record Handshake(long sourceChannel, HandshakeOptions options) implements Message {
  public Handshake {
    Channels.requireChannelId(sourceChannel);
    Objects.requireNonNull(options, "options");
  }

  /** A close: source channel 0 and no options. */
  public static Handshake close() {
    return new Handshake(0, HandshakeOptions.NONE);
  }

  public boolean isClose() {
    return sourceChannel == 0;
  }

  @Override
  public MessageType type() {
    return MessageType.HANDSHAKE;
  }
}
