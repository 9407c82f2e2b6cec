package dev.eddy.peer.observe;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Who a channel is, as observers see it: built once per channel state change, never per message.
 *
 * @param localChannel our channel ID (0 before we allocated one)
 * @param remoteChannel the remote peer's channel ID (0 until its handshake arrived)
 * @param remote the remote peer's UDP address
 * @param swarmId the swarm ID in lower-case hex ("" when not known yet)
 */
public record ChannelRef(long localChannel, long remoteChannel, InetSocketAddress remote, String swarmId) {
  public ChannelRef {
    if (remote == null || swarmId == null) {
      throw new IllegalArgumentException("remote and swarmId are required");
    }
  }

  /** {@code host:port} as users type it, {@code [v6]:port} for IPv6; "" for null. Never resolves a name. */
  public static String format(InetSocketAddress address) {
    if (address == null) {
      return "";
    }
    String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
