package dev.eddy.peer.discovery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The checks every offered address passes before we connect to it, independent of how many we already have
 * (that cap is {@link PeerExchange}'s). Pure: the same offer from the same sender always gets the same verdict.
 */
final class PexValidator {
  private PexValidator() {}

  /**
   * @param offered the address in the PEX_RES
   * @param sender the peer that sent it
   * @param self our socket's address (a wildcard address matches any of our own addresses on that port)
   */
  static PexVerdict check(InetSocketAddress offered, InetSocketAddress sender, InetSocketAddress self) {
    InetAddress a = offered.getAddress();
    if (a == null || a.isAnyLocalAddress() || offered.getPort() == 0) {
      return PexVerdict.UNSPECIFIED;
    }
    if (a.isMulticastAddress() || isBroadcast(a)) {
      return PexVerdict.MULTICAST_OR_BROADCAST;
    }
    if (offered.equals(sender)) {
      return PexVerdict.REQUESTER;
    }
    if (offered.getPort() == self.getPort()
        && (a.equals(self.getAddress()) || (self.getAddress().isAnyLocalAddress() && a.isLoopbackAddress()))) {
      return PexVerdict.SELF;
    }
    if (!reachable(a, self.getAddress())) {
      return PexVerdict.OTHER_FAMILY;
    }
    if (AddressScope.of(a).compareTo(AddressScope.of(sender.getAddress())) < 0) {
      return PexVerdict.NARROWER_SCOPE;
    }
    return PexVerdict.ACCEPTED;
  }

  /** Whether a socket bound to {@code local} can send to {@code a}: only an IPv6 wildcard socket reaches both families. */
  private static boolean reachable(InetAddress a, InetAddress local) {
    boolean v4 = a instanceof Inet4Address;
    return v4 == local instanceof Inet4Address || (local instanceof Inet6Address && local.isAnyLocalAddress());
  }

  /** The limited broadcast address, or the all-ones host part of an old class A/B/C network. */
  private static boolean isBroadcast(InetAddress a) {
    if (!(a instanceof Inet4Address)) {
      return false; // IPv6 has no broadcast; its multicast is caught above
    }
    byte[] b = a.getAddress();
    int first = b[0] & 0xFF;
    if ((b[0] & b[1] & b[2] & b[3]) == (byte) 0xFF) {
      return true;
    }
    // A classful directed broadcast; on today's classless networks it may be a host, but never a peer worth the risk.
    return (first < 128 && (b[1] & b[2] & b[3]) == (byte) 0xFF)
        || (first >= 128 && first < 192 && (b[2] & b[3]) == (byte) 0xFF)
        || (first >= 192 && first < 224 && b[3] == (byte) 0xFF);
  }
}
