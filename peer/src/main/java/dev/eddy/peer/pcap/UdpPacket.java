package dev.eddy.peer.pcap;

import java.net.InetSocketAddress;

/**
 * A UDP datagram found in a captured frame.
 *
 * @param frame the frame's 1-based number in the capture
 * @param payload the UDP payload as captured
 * @param truncated true when the capture's snap length cut the payload short
 */
public record UdpPacket(int frame, InetSocketAddress source, InetSocketAddress destination, byte[] payload, boolean truncated) {

  /** {@code ip:port}, IPv6 in brackets with RFC 5952 zero compression: {@code [2001:db8::1]:26000}. */
  public static String format(InetSocketAddress address) {
    return Addresses.format(address);
  }
}
