package dev.eddy.peer.channel;

import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.time.Clock;
import dev.eddy.peer.wire.Message;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * What a channel needs from the peer around it. The peer implements it over the UDP socket; unit tests
 * implement it with a list of sent datagrams and a manual clock, so channel logic runs without sockets.
 */
public interface ChannelEnv {
  Clock clock();

  PeerObserver observer();

  ByteBufAllocator allocator();

  /**
   * Encodes {@code messages} for {@code channel}'s remote peer into one datagram addressed to channel
   * {@code destination} and queues it. Messages that hold buffers ({@code Data}) are released by the env
   * once encoded.
   */
  void send(Channel channel, long destination, List<Message> messages);

  /** Like {@link #send} but splits the messages over as many datagrams as the payload limit needs. */
  void sendSplit(Channel channel, long destination, List<Message> messages, int payloadLimit);

  /** False while the socket's outbound buffer is full; channels stop sending DATA until woken. */
  boolean canSendMore();

  /** The channel will have ACKs, HAVEs or REQUESTs to flush at the end of this read batch. */
  void markDirty(Channel channel);

  /** The channel completed its handshake (peer exchange may ask it for peers). */
  void onOpened(Channel channel);

  /** A PEX_REQ, PEX_RESv4, PEX_RESv6 or PEX_REScert from the remote of an open channel. */
  void onPex(Channel channel, Message message);

  /** The channel is closed: forget its ID. */
  void onClosed(Channel channel, CloseReason reason, String detail);
}
