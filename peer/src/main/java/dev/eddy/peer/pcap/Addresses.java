package dev.eddy.peer.pcap;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Address text as network tools print it (the JDK's IPv6 text does not compress zeros). */
public final class Addresses {
  private Addresses() {}

  /** {@code 127.0.0.1:26000}, or {@code [2001:db8::1]:26000} for IPv6. */
  public static String format(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host = ip == null ? address.getHostString() : text(ip);
    return (ip instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /** Dotted quad, or RFC 5952 IPv6 text: lowercase, leading zeros dropped, longest zero run as {@code ::}. */
  public static String text(InetAddress ip) {
    byte[] raw = ip.getAddress();
    if (raw.length == 4) {
      return ip.getHostAddress();
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((raw[2 * i] & 0xFF) << 8) | (raw[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
