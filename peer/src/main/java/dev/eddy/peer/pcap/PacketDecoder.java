package dev.eddy.peer.pcap;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds the UDP datagram in a captured frame: link layer (Ethernet with VLAN tags, Linux cooked v1 and
 * v2, raw IP, BSD loopback), then IPv4 or IPv6 (extension headers skipped), then UDP. Anything else
 * (ARP, TCP, IP fragments after the first, unknown link types) is not a UDP datagram: empty.
 */
public final class PacketDecoder {
  public static final int LINKTYPE_NULL = 0;
  public static final int LINKTYPE_ETHERNET = 1;
  public static final int LINKTYPE_RAW = 101;
  public static final int LINKTYPE_LINUX_SLL = 113;
  public static final int LINKTYPE_IPV4 = 228;
  public static final int LINKTYPE_IPV6 = 229;
  public static final int LINKTYPE_LINUX_SLL2 = 276;
  /** Some systems write DLT_RAW's own value (12 or 14) instead of LINKTYPE_RAW. */
  private static final int DLT_RAW_12 = 12;
  private static final int DLT_RAW_14 = 14;

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86DD;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88A8;
  private static final int IP_PROTOCOL_UDP = 17;
  private static final int UDP_HEADER_LENGTH = 8;

  private PacketDecoder() {}

  /** The UDP datagram in {@code frame}, if it holds one. */
  public static Optional<UdpPacket> udp(CapturedFrame frame) {
    ByteBuffer data = ByteBuffer.wrap(frame.data());
    try {
      return network(frame, data);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return Optional.empty(); // a frame cut before its UDP header: nothing to decode
    }
  }

  private static Optional<UdpPacket> network(CapturedFrame frame, ByteBuffer data) {
    int etherType;
    int offset;
    switch (frame.linkType()) {
      case LINKTYPE_ETHERNET -> {
        offset = 12;
        etherType = data.getShort(offset) & 0xFFFF;
        while (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ) {
          offset += 4;
          etherType = data.getShort(offset) & 0xFFFF;
        }
        offset += 2;
      }
      case LINKTYPE_LINUX_SLL -> {
        // packet type:2, ARPHRD:2, address length:2, address:8, protocol:2
        etherType = data.getShort(14) & 0xFFFF;
        offset = 16;
      }
      case LINKTYPE_LINUX_SLL2 -> {
        // protocol:2, reserved:2, interface:4, ARPHRD:2, packet type:1, address length:1, address:8
        etherType = data.getShort(0) & 0xFFFF;
        offset = 20;
      }
      case LINKTYPE_RAW, DLT_RAW_12, DLT_RAW_14 -> {
        int version = (data.get(0) & 0xFF) >>> 4;
        etherType = version == 4 ? ETHERTYPE_IPV4 : version == 6 ? ETHERTYPE_IPV6 : -1;
        offset = 0;
      }
      case LINKTYPE_IPV4 -> {
        etherType = ETHERTYPE_IPV4;
        offset = 0;
      }
      case LINKTYPE_IPV6 -> {
        etherType = ETHERTYPE_IPV6;
        offset = 0;
      }
      case LINKTYPE_NULL -> {
        // address family in the capturing host's byte order: 2 = IPv4; 24, 28, 30 = IPv6 (BSDs, macOS)
        int family = data.getInt(0);
        int familyLe = Integer.reverseBytes(family);
        int af = (family & 0xFFFF0000) == 0 ? family : familyLe;
        etherType = af == 2 ? ETHERTYPE_IPV4 : (af == 24 || af == 28 || af == 30) ? ETHERTYPE_IPV6 : -1;
        offset = 4;
      }
      default -> {
        return Optional.empty();
      }
    }
    if (etherType == ETHERTYPE_IPV4) {
      return ipv4(frame, data, offset);
    }
    if (etherType == ETHERTYPE_IPV6) {
      return ipv6(frame, data, offset);
    }
    return Optional.empty();
  }

  private static Optional<UdpPacket> ipv4(CapturedFrame frame, ByteBuffer data, int offset) {
    int versionAndLength = data.get(offset) & 0xFF;
    if (versionAndLength >>> 4 != 4) {
      return Optional.empty();
    }
    int headerLength = (versionAndLength & 0x0F) * 4;
    int totalLength = data.getShort(offset + 2) & 0xFFFF;
    int fragment = data.getShort(offset + 6) & 0x3FFF; // more-fragments flag and offset
    if ((data.get(offset + 9) & 0xFF) != IP_PROTOCOL_UDP || fragment != 0 || headerLength < 20) {
      return Optional.empty();
    }
    InetAddress source = address(data, offset + 12, 4);
    InetAddress destination = address(data, offset + 16, 4);
    return udp(frame, data, offset + headerLength, offset + Math.max(totalLength, headerLength), source, destination);
  }

  private static Optional<UdpPacket> ipv6(CapturedFrame frame, ByteBuffer data, int offset) {
    if ((data.get(offset) & 0xFF) >>> 4 != 6) {
      return Optional.empty();
    }
    int payloadLength = data.getShort(offset + 4) & 0xFFFF;
    int next = data.get(offset + 6) & 0xFF;
    InetAddress source = address(data, offset + 8, 16);
    InetAddress destination = address(data, offset + 24, 16);
    int end = offset + 40 + payloadLength;
    int header = offset + 40;
    // hop-by-hop, routing, destination options: length in 8-byte units after the first 8; AH: 4-byte units
    for (int hops = 0; hops < 8 && next != IP_PROTOCOL_UDP; hops++) {
      switch (next) {
        case 0, 43, 60 -> {
          int following = data.get(header) & 0xFF;
          header += 8 + (data.get(header + 1) & 0xFF) * 8;
          next = following;
        }
        case 51 -> {
          int following = data.get(header) & 0xFF;
          header += ((data.get(header + 1) & 0xFF) + 2) * 4;
          next = following;
        }
        case 44 -> {
          // fragment header: only an unfragmented packet (offset 0, no more fragments) is whole
          if ((data.getShort(header + 2) & 0xFFF9) != 0) {
            return Optional.empty();
          }
          next = data.get(header) & 0xFF;
          header += 8;
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    if (next != IP_PROTOCOL_UDP) {
      return Optional.empty();
    }
    return udp(frame, data, header, end, source, destination);
  }

  private static Optional<UdpPacket> udp(
      CapturedFrame frame, ByteBuffer data, int offset, int ipEnd, InetAddress source, InetAddress destination) {
    int sourcePort = data.getShort(offset) & 0xFFFF;
    int destinationPort = data.getShort(offset + 2) & 0xFFFF;
    int udpLength = data.getShort(offset + 4) & 0xFFFF;
    int start = offset + UDP_HEADER_LENGTH;
    // UDP length 0 happens with IPv6 jumbograms and some offloads: fall back to the IP length
    int end = udpLength >= UDP_HEADER_LENGTH ? offset + udpLength : ipEnd;
    int available = Math.min(end, data.limit());
    if (available < start) {
      return Optional.empty();
    }
    return Optional.of(new UdpPacket(
        frame.number(),
        new InetSocketAddress(source, sourcePort),
        new InetSocketAddress(destination, destinationPort),
        Arrays.copyOfRange(frame.data(), start, available),
        available < end));
  }

  private static InetAddress address(ByteBuffer data, int offset, int length) {
    byte[] raw = new byte[length];
    data.get(offset, raw);
    try {
      return length == 16 ? java.net.Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }
}
