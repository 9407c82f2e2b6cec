package dev.eddy.dashboards.wireshark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes UDP datagrams as a classic pcap file (Ethernet, IPv4, UDP), the layout tcpdump produces on Linux
 * {@code lo}, so tshark reads crafted datagrams exactly like captured ones.
 */
final class PcapWriter implements AutoCloseable {
  private static final int LINKTYPE_ETHERNET = 1;
  private final OutputStream out;
  private long timeMicros = 1_700_000_000_000_000L;
  private int frames;

  PcapWriter(Path file) throws IOException {
    out = Files.newOutputStream(file);
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4); // magic (µs), version 2.4
    header.putInt(0).putInt(0).putInt(65535).putInt(LINKTYPE_ETHERNET); // zone, sigfigs, snaplen, link type
    out.write(header.array());
  }

  /** One datagram from 127.0.0.1:sourcePort to 127.0.0.1:destinationPort; returns its frame number. */
  int write(int sourcePort, int destinationPort, byte[] payload) throws IOException {
    int udpLength = 8 + payload.length;
    int ipLength = 20 + udpLength;
    ByteBuffer frame = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
    frame.put(new byte[12]).putShort((short) 0x0800); // zeroed MACs, EtherType IPv4
    int ipStart = frame.position();
    frame.put((byte) 0x45).put((byte) 0).putShort((short) ipLength); // version 4, IHL 5, DSCP, total length
    frame.putShort((short) frames).putShort((short) 0x4000); // identification, don't fragment
    frame.put((byte) 64).put((byte) 17).putShort((short) 0); // TTL, UDP, checksum (filled below)
    frame.putInt(0x7f000001).putInt(0x7f000001);
    frame.putShort(ipStart + 10, ipChecksum(frame.array(), ipStart));
    frame.putShort((short) sourcePort).putShort((short) destinationPort);
    frame.putShort((short) udpLength).putShort((short) 0); // checksum 0: not computed, as allowed over IPv4
    frame.put(payload);

    ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    timeMicros += 1_000;
    record.putInt((int) (timeMicros / 1_000_000)).putInt((int) (timeMicros % 1_000_000));
    record.putInt(frame.capacity()).putInt(frame.capacity());
    out.write(record.array());
    out.write(frame.array());
    return ++frames;
  }

  private static short ipChecksum(byte[] bytes, int start) {
    int sum = 0;
    for (int i = start; i < start + 20; i += 2) {
      sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (short) ~sum;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
