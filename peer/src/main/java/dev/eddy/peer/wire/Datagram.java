package dev.eddy.peer.wire;

import java.util.List;

/**
 * One UDP payload (RFC 7574 §8.1): the receiver's channel ID, then messages. No messages at all is a
 * keep-alive (§8.15).
 *
 * @param channel destination channel ID (unsigned 32 bits); 0 only for an opening handshake
 */
public record Datagram(long channel, List<Message> messages) {
  /** Bytes of the channel ID that starts every datagram. */
  public static final int HEADER_LENGTH = 4;

  public Datagram {
    Channels.requireChannelId(channel);
    messages = List.copyOf(messages);
    for (int i = 0; i < messages.size() - 1; i++) {
      if (messages.get(i) instanceof Data) {
        throw new IllegalArgumentException("DATA runs to the end of the datagram, so it must be last");
      }
    }
  }

  public static Datagram keepAlive(long channel) {
    return new Datagram(channel, List.of());
  }

  public boolean isKeepAlive() {
    return messages.isEmpty();
  }

  @Override
  public String toString() {
    return "Datagram[ch=" + Channels.hex(channel) + ", " + messages + "]";
  }
}
