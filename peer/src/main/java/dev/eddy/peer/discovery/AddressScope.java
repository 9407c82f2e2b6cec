package dev.eddy.peer.discovery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** How far an address reaches, narrowest first: an address is only worth passing on within its scope. */
enum AddressScope {
  LOOPBACK,
  LINK_LOCAL,
  /** RFC 1918, carrier-grade NAT (100.64/10), IPv6 unique local (fc00::/7). */
  PRIVATE,
  GLOBAL;

  static AddressScope of(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return LOOPBACK;
    }
    if (a.isLinkLocalAddress()) {
      return LINK_LOCAL;
    }
    byte[] b = a.getAddress();
    if (a.isSiteLocalAddress()
        || (a instanceof Inet4Address && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64)
        || (a instanceof Inet6Address && (b[0] & 0xFE) == 0xFC)) {
      return PRIVATE;
    }
    return GLOBAL;
  }
}
