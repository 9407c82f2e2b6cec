package dev.eddy.dashboards.wireshark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The UDP datagrams of a classic pcap file (Ethernet or Linux cooked capture, IPv4), in capture order. */
final class CapturedDatagrams {
  record Datagram(int sourcePort, int destinationPort, byte[] payload) {}

  private CapturedDatagrams() {}

  static List<Datagram> read(Path pcap) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(pcap));
    int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
      in.order(ByteOrder.BIG_ENDIAN); // written on a big-endian machine
    }
    int linkType = in.getInt(20);
    int linkHeader = switch (linkType) {
      case 1 -> 14; // Ethernet
      case 113 -> 16; // Linux cooked capture (SLL)
      default -> throw new IOException("unsupported pcap link type " + linkType + " in " + pcap);
    };
    List<Datagram> datagrams = new ArrayList<>();
    int offset = 24;
    while (offset + 16 <= in.limit()) {
      int captured = in.getInt(offset + 8);
      int frame = offset + 16;
      offset = frame + captured;
      ByteBuffer ip = in.duplicate().order(ByteOrder.BIG_ENDIAN).position(frame + linkHeader);
      if ((ip.get(ip.position()) >> 4) != 4 || ip.get(ip.position() + 9) != 17) {
        continue; // not IPv4/UDP
      }
      int udp = ip.position() + (ip.get(ip.position()) & 0x0f) * 4;
      int length = (ip.getShort(udp + 4) & 0xffff) - 8;
      byte[] payload = Arrays.copyOfRange(in.array(), udp + 8, udp + 8 + length);
      datagrams.add(new Datagram(ip.getShort(udp) & 0xffff, ip.getShort(udp + 2) & 0xffff, payload));
    }
    return datagrams;
  }
}
