package dev.eddy.peer.inspect;

import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.DecodingContext;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.Message;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How each direction of each channel encodes, learnt from the handshakes as a capture goes by. A HANDSHAKE's
 * options describe how its sender writes (RFC 7574 §7), so the two directions of a channel may differ, and a
 * datagram decodes with the options its sender announced, never the receiver's.
 *
 * <p>A datagram names only the receiver's channel ID; the sender's options belong to the sender's own
 * channel ID, the source channel of its HANDSHAKE. The reply to an opening handshake ties the two ends
 * together: it goes to the initiator's channel and carries the responder's, so from then on each direction
 * has its sender's options. A direction whose pairing was not captured takes what its sender last announced
 * to that receiver; without any handshake from the sender, RFC 7574's defaults apply. The Wireshark dissector
 * follows the same rules.
 */
public final class ChannelContexts {
  /** One end of a channel: a peer's address and the channel ID it chose (and receives on). */
  private record End(InetSocketAddress peer, long channel) {}

  /** A direction: datagrams from {@code sender} to {@code receiver}, addressed to the receiver's channel. */
  private record Direction(InetSocketAddress sender, End receiver) {}

  private record Peers(InetSocketAddress sender, InetSocketAddress receiver) {}

  private final DecodingContext initial;
  /** Options each end announced in its handshakes: how it encodes. */
  private final Map<End, DecodingContext> announced = new HashMap<>();
  private final Map<Direction, DecodingContext> directions = new HashMap<>();
  /** What each sender last announced to each receiver. */
  private final Map<Peers, DecodingContext> latest = new HashMap<>();
  /**
   * A live swarm's signature algorithm and length, by each end of its channels: a property of the swarm (its
   * key, which only the opening handshake carries), not of either sender's options, so the responder's
   * SIGNED_INTEGRITY decodes with the RSA modulus length of the initiator's swarm ID too.
   */
  private final Map<End, DecodingContext> liveKeys = new HashMap<>();

  public ChannelContexts(DecodingContext initial) {
    this.initial = initial;
  }

  /** The context for a datagram from {@code sender} to {@code receiver} on the receiver's {@code channel}. */
  public DecodingContext contextFor(InetSocketAddress sender, InetSocketAddress receiver, long channel) {
    if (channel == 0) {
      return initial;
    }
    DecodingContext known = directions.get(new Direction(sender, new End(receiver, channel)));
    DecodingContext context = known != null ? known : latest.getOrDefault(new Peers(sender, receiver), initial);
    DecodingContext key = liveKeys.get(new End(receiver, channel));
    return key == null || context.signatureLength() != DecodingContext.UNKNOWN_LENGTH && known != null
        ? context
        : context.withLiveSignatureAlgorithm(key.liveSignatureAlgorithm()).withSignatureLength(key.signatureLength());
  }

  /** Records what a decoded datagram from {@code sender} to {@code receiver} announced. */
  public void onDecoded(InetSocketAddress sender, InetSocketAddress receiver, Datagram datagram, DecodingContext after) {
    long channel = datagram.channel();
    if (channel != 0) {
      directions.put(new Direction(sender, new End(receiver, channel)), after);
    }
    for (Message message : datagram.messages()) {
      if (message instanceof Handshake handshake && !handshake.isClose()) {
        End own = new End(sender, handshake.sourceChannel());
        announced.put(own, after);
        if (handshake.options().swarmId().isPresent() && after.signatureLength() != DecodingContext.UNKNOWN_LENGTH) {
          liveKeys.put(own, after);
        } else if (channel != 0 && liveKeys.containsKey(new End(receiver, channel))) {
          liveKeys.put(own, liveKeys.get(new End(receiver, channel))); // the reply joins the initiator's swarm
        }
        latest.put(new Peers(sender, receiver), after);
        if (channel != 0) {
          // A reply: the receiver's channel is now paired with the sender's, so what the receiver announced
          // on its channel is how it writes to the sender's.
          DecodingContext receivers = announced.get(new End(receiver, channel));
          if (receivers != null) {
            directions.put(new Direction(receiver, own), receivers);
          }
        }
      }
    }
  }
}
