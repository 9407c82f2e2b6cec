package dev.eddy.peer.jfr;

import dev.eddy.peer.observe.ChannelRef;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * {@code host:port} strings for event fields. Messages of one channel come in bursts, so remembering the
 * last channel's string saves formatting (and lets JFR see the same String again) for nearly every message.
 */
final class RemoteAddresses {
  /** Immutable, so a stale read from another thread is at worst a miss. */
  private record Last(ChannelRef channel, String address) {}

  private Last last = new Last(null, "");

  String of(ChannelRef channel) {
    Last seen = last;
    if (seen.channel() == channel) {
      return seen.address();
    }
    String address = format(channel.remote());
    last = new Last(channel, address);
    return address;
  }

  static String format(InetSocketAddress address) {
    if (address == null) {
      return "";
    }
    String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
