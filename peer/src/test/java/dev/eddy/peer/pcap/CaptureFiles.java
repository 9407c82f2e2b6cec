package dev.eddy.peer.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Writes captures and rewrites frames between link types, so tests can feed every format we read. */
public final class CaptureFiles {
  private static final int ETHERNET_HEADER = 14;

  private CaptureFiles() {}

  public static Path writePcap(Path file, int linkType, List<byte[]> frames, ByteOrder order) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(24).order(order);
    header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType);
    out.writeBytes(header.array());
    int second = 1_795_663_033;
    for (byte[] frame : frames) {
      ByteBuffer record = ByteBuffer.allocate(16).order(order);
      record.putInt(second++).putInt(0).putInt(frame.length).putInt(frame.length);
      out.writeBytes(record.array());
      out.writeBytes(frame);
    }
    return write(file, out.toByteArray());
  }

  /** One section, one interface, an enhanced packet block per frame, plus a skipped custom block. */
  public static Path writePcapng(Path file, int linkType, List<byte[]> frames, ByteOrder order) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // section header: type, length, byte-order magic, version 1.0, section length -1, length
    out.writeBytes(ByteBuffer.allocate(28).order(order).putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D)
        .putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28).array());
    // interface description: type 1, length 20, link type, reserved, snap length, length
    out.writeBytes(ByteBuffer.allocate(20).order(order).putInt(1).putInt(20).putShort((short) linkType)
        .putShort((short) 0).putInt(262144).putInt(20).array());
    // a block type we do not know (custom, 0x00000BAD): must be skipped
    out.writeBytes(ByteBuffer.allocate(16).order(order).putInt(0xBAD).putInt(16).putInt(0x12345678).putInt(16).array());
    for (byte[] frame : frames) {
      int padded = (frame.length + 3) & ~3;
      int length = 32 + padded;
      ByteBuffer block = ByteBuffer.allocate(length).order(order);
      block.putInt(6).putInt(length).putInt(0).putInt(0).putInt(0).putInt(frame.length).putInt(frame.length);
      block.put(frame).position(28 + padded);
      block.putInt(length);
      out.writeBytes(block.array());
    }
    return write(file, out.toByteArray());
  }

  private static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ethernet → Linux cooked v1 (LINKTYPE_LINUX_SLL): 16-byte header ending in the EtherType. */
  public static byte[] toLinuxCooked(byte[] ethernet) {
    ByteBuffer frame = ByteBuffer.allocate(ethernet.length - ETHERNET_HEADER + 16);
    frame.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]);
    frame.put(ethernet, 12, 2).put(ethernet, ETHERNET_HEADER, ethernet.length - ETHERNET_HEADER);
    return frame.array();
  }

  /** Ethernet → Linux cooked v2 (LINKTYPE_LINUX_SLL2): EtherType first, 20-byte header. */
  public static byte[] toLinuxCookedV2(byte[] ethernet) {
    ByteBuffer frame = ByteBuffer.allocate(ethernet.length - ETHERNET_HEADER + 20);
    frame.put(ethernet, 12, 2).putShort((short) 0).putInt(1).putShort((short) 772).put((byte) 0).put((byte) 6)
        .put(new byte[8]);
    frame.put(ethernet, ETHERNET_HEADER, ethernet.length - ETHERNET_HEADER);
    return frame.array();
  }

  /** Ethernet → raw IP (LINKTYPE_RAW). */
  public static byte[] toRawIp(byte[] ethernet) {
    return Arrays.copyOfRange(ethernet, ETHERNET_HEADER, ethernet.length);
  }

  /** An Ethernet frame (zero MACs, as on Linux lo) carrying IPv4 + UDP. */
  public static byte[] ethernetIpv4Udp(byte[] source, int sourcePort, byte[] destination, int destinationPort, byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(ETHERNET_HEADER + 20 + 8 + payload.length);
    frame.put(new byte[12]).putShort((short) 0x0800);
    frame.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putInt(0)
        .put((byte) 64).put((byte) 17).putShort((short) 0).put(source).put(destination);
    frame.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) (8 + payload.length))
        .putShort((short) 0).put(payload);
    return frame.array();
  }

  /**
   * An Ethernet frame carrying IPv6 + a hop-by-hop options header + UDP (so extension headers are
   * walked), with the UDP ports and payload of an IPv4 Ethernet frame.
   */
  public static byte[] ipv4ToIpv6(byte[] ethernet, byte[] source, byte[] destination) {
    int ipHeader = (ethernet[ETHERNET_HEADER] & 0x0F) * 4;
    int udpStart = ETHERNET_HEADER + ipHeader;
    int udpLength = ethernet.length - udpStart;
    ByteBuffer frame = ByteBuffer.allocate(ETHERNET_HEADER + 40 + 8 + udpLength);
    frame.put(new byte[12]).putShort((short) 0x86DD);
    frame.putInt(0x6000_0000).putShort((short) (8 + udpLength)).put((byte) 0).put((byte) 64).put(source).put(destination);
    // hop-by-hop: next header UDP, length 0 (8 bytes), PadN option filling the rest
    frame.put((byte) 17).put((byte) 0).put((byte) 1).put((byte) 4).putInt(0);
    frame.put(ethernet, udpStart, udpLength);
    return frame.array();
  }
}
