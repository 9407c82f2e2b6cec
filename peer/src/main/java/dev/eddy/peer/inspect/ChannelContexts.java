package dev.eddy.peer.inspect;

import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.Message;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * What each channel negotiated, learnt from the handshakes as a capture goes by. A channel is named by
 * the receiving endpoint and the channel ID in the datagram. After a datagram to (B, c) from A, (B, c)
 * decodes with the resulting context; and a HANDSHAKE in it whose source channel is s tells how A will
 * be addressed on the way back, so (A, s) gets the same context (the reply to an opening handshake
 * arrives on s, before A has seen any options from B).
 */
public final class ChannelContexts {
  private record ChannelKey(InetSocketAddress receiver, long channel) {}

  private final DecodingContext initial;
  private final Map<ChannelKey, DecodingContext> contexts = new HashMap<>();

  public ChannelContexts(DecodingContext initial) {
    this.initial = initial;
  }

  /** The context for a datagram to {@code receiver} on {@code channel}. */
  public DecodingContext contextFor(InetSocketAddress receiver, long channel) {
    return channel == 0 ? initial : contexts.getOrDefault(new ChannelKey(receiver, channel), initial);
  }

  /** Records what a decoded datagram from {@code sender} to {@code receiver} negotiated. */
  public void onDecoded(InetSocketAddress sender, InetSocketAddress receiver, Datagram datagram, DecodingContext after) {
    if (datagram.channel() != 0) {
      contexts.put(new ChannelKey(receiver, datagram.channel()), after);
    }
    for (Message message : datagram.messages()) {
      if (message instanceof Handshake handshake && !handshake.isClose()) {
        contexts.put(new ChannelKey(sender, handshake.sourceChannel()), after);
      }
    }
  }
}
