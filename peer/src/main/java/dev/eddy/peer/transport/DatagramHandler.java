package dev.eddy.peer.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/** What the transport hands received datagrams to; called on the socket's event loop only. */
public interface DatagramHandler {
  /**
   * One received datagram. The buffer is only valid during the call (the transport releases it after);
   * retain a slice to keep bytes longer.
   */
  void onDatagram(ByteBuf datagram, InetSocketAddress sender);

  /** The end of one read batch: the moment to flush the replies it produced in one go. */
  default void onReadBatchComplete() {}
}
