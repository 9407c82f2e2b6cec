package dev.eddy.peer.cli;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine;

/** Parses {@code HOST:PORT} (IPv6 as {@code [::1]:PORT}) into a resolved socket address. */
final class HostPort implements CommandLine.ITypeConverter<InetSocketAddress> {
  @Override
  public InetSocketAddress convert(String value) {
    String host;
    String port;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
        throw new CommandLine.TypeConversionException("'" + value + "' is not [IPV6]:PORT (e.g. [::1]:7777)");
      }
      host = value.substring(1, close);
      port = value.substring(close + 2);
    } else {
      int colon = value.lastIndexOf(':');
      if (colon <= 0) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not HOST:PORT (e.g. 127.0.0.1:7777 or [::1]:7777)");
      }
      host = value.substring(0, colon);
      port = value.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        // "::1:7777" could be ::1 port 7777 or ::1:7777 with no port: brackets say which.
        throw new CommandLine.TypeConversionException("'" + value + "': put an IPv6 address in brackets, e.g. [" + host + "]:" + port);
      }
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("'" + value + "': port must be a number 0-65535");
    }
    if (number < 0 || number > 65535) {
      throw new CommandLine.TypeConversionException("'" + value + "': port must be 0-65535");
    }
    if (host.isEmpty()) {
      throw new CommandLine.TypeConversionException("'" + value + "': no host before the port");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), number);
    } catch (UnknownHostException e) {
      throw new CommandLine.TypeConversionException("'" + value + "': unknown host " + host);
    }
  }

  /**
   * The address to listen on for reaching {@code peer}: {@code listen} if given, else any free loopback port of
   * the peer's family. A socket of one family cannot send to the other (only an IPv6 wildcard reaches both), so
   * a mismatch is refused here rather than timing out later.
   */
  static InetSocketAddress localFor(InetSocketAddress listen, InetSocketAddress peer, CommandLine command) {
    boolean peerV6 = peer.getAddress() instanceof Inet6Address;
    if (listen == null) {
      return new InetSocketAddress(peerV6 ? "::1" : "127.0.0.1", 0);
    }
    boolean listenV6 = listen.getAddress() instanceof Inet6Address;
    if (peerV6 != listenV6 && !(listenV6 && listen.getAddress().isAnyLocalAddress())) {
      throw new CommandLine.ParameterException(command, "--listen " + format(listen) + " is " + (listenV6 ? "IPv6" : "IPv4")
          + " but the peer " + format(peer) + " is " + (peerV6 ? "IPv6" : "IPv4") + ": listen on "
          + (peerV6 ? "[::1]:0" : "127.0.0.1:0") + " (or [::]:0 for both)");
    }
    return listen;
  }

  /** {@code HOST:PORT} as the user would type it ({@code [::1]:PORT} for IPv6). */
  static String format(InetSocketAddress a) {
    InetAddress address = a.getAddress();
    if (address instanceof Inet6Address) {
      return "[" + compress(address.getHostAddress()) + "]:" + a.getPort();
    }
    return (address == null ? a.getHostString() : address.getHostAddress()) + ":" + a.getPort();
  }

  /** RFC 5952's short form of Java's eight-group IPv6 text: the longest run of two or more zero groups becomes {@code ::}. */
  static String compress(String full) {
    int percent = full.indexOf('%');
    String scope = percent < 0 ? "" : full.substring(percent);
    String[] groups = (percent < 0 ? full : full.substring(0, percent)).split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(j, i + 1);
    }
    if (bestStart < 0) {
      return String.join(":", groups) + scope;
    }
    String left = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String right = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return left + "::" + right + scope;
  }
}
