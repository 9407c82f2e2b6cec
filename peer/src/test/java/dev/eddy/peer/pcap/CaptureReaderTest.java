package dev.eddy.peer.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {
  @TempDir Path dir;

  private static final List<CapturedFrame> VECTOR = VectorCapture.frames(VectorCapture.libswiftCapture());

  @Test
  void readsTheVectorAsClassicLittleEndianEthernet() throws IOException {
    try (CaptureReader reader = CaptureReader.open(VectorCapture.libswiftCapture())) {
      assertThat(reader.isPcapng()).isFalse();
    }
    assertThat(VECTOR).hasSize(219);
    assertThat(VECTOR).allSatisfy(frame -> assertThat(frame.linkType()).isEqualTo(PacketDecoder.LINKTYPE_ETHERNET));
    UdpPacket first = PacketDecoder.udp(VECTOR.get(0)).orElseThrow();
    assertThat(Addresses.format(first.source())).isEqualTo("127.0.0.1:26001");
    assertThat(Addresses.format(first.destination())).isEqualTo("127.0.0.1:26000");
    assertThat(first.payload()).hasSize(43);
  }

  @Test
  void findsTheSameUdpPayloadsUnderEveryLinkTypeAndFileFormat() {
    List<UdpPacket> expected = VectorCapture.libswiftDatagrams();
    assertSamePayloads(expected, convert("sll.pcap", PacketDecoder.LINKTYPE_LINUX_SLL, CaptureFiles::toLinuxCooked, false));
    assertSamePayloads(expected, convert("sll2.pcapng", PacketDecoder.LINKTYPE_LINUX_SLL2, CaptureFiles::toLinuxCookedV2, true));
    assertSamePayloads(expected, convert("raw.pcap", PacketDecoder.LINKTYPE_RAW, CaptureFiles::toRawIp, false));
    assertSamePayloads(expected, convert("eth.pcapng", PacketDecoder.LINKTYPE_ETHERNET, frame -> frame, true));
  }

  @Test
  void readsIpv6WithExtensionHeaders() throws Exception {
    byte[] a = InetAddress.getByName("2001:db8::1").getAddress();
    byte[] b = InetAddress.getByName("2001:db8::2").getAddress();
    Path file = convert("v6.pcapng", PacketDecoder.LINKTYPE_ETHERNET, frame -> CaptureFiles.ipv4ToIpv6(frame, a, b), true);
    List<UdpPacket> packets = VectorCapture.frames(file).stream().map(f -> PacketDecoder.udp(f).orElseThrow()).toList();
    assertSamePayloads(VectorCapture.libswiftDatagrams(), file);
    assertThat(Addresses.format(packets.get(0).source())).isEqualTo("[2001:db8::1]:26001");
  }

  private Path convert(String name, int linkType, UnaryOperator<byte[]> rewrite, boolean pcapng) {
    List<byte[]> frames = VECTOR.stream().map(frame -> rewrite.apply(frame.data())).toList();
    Path file = dir.resolve(name);
    // pcapng files are written big-endian, pcap files little-endian: both byte orders are read
    return pcapng
        ? CaptureFiles.writePcapng(file, linkType, frames, ByteOrder.BIG_ENDIAN)
        : CaptureFiles.writePcap(file, linkType, frames, ByteOrder.LITTLE_ENDIAN);
  }

  private static void assertSamePayloads(List<UdpPacket> expected, Path file) {
    List<CapturedFrame> frames = VectorCapture.frames(file);
    assertThat(frames).hasSameSizeAs(expected);
    for (int i = 0; i < frames.size(); i++) {
      UdpPacket packet = PacketDecoder.udp(frames.get(i)).orElseThrow();
      assertThat(packet.frame()).isEqualTo(i + 1);
      assertThat(packet.payload()).as("%s frame %d", file.getFileName(), i + 1).isEqualTo(expected.get(i).payload());
      assertThat(packet.source().getPort()).isEqualTo(expected.get(i).source().getPort());
    }
  }

  @Test
  void readsSimplePacketBlocksAndSectionsOfEitherByteOrder() throws IOException {
    byte[] first = VECTOR.get(0).data();
    byte[] second = CaptureFiles.toRawIp(VECTOR.get(1).data());
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    // section 1, big-endian: Ethernet interface, one enhanced packet block
    file.writeBytes(Files.readAllBytes(CaptureFiles.writePcapng(dir.resolve("a.pcapng"), PacketDecoder.LINKTYPE_ETHERNET,
        List.of(first), ByteOrder.BIG_ENDIAN)));
    // section 2, little-endian: raw-IP interface, one simple packet block (original length, data, padding)
    ByteBuffer section = ByteBuffer.allocate(28 + 20 + 16 + ((second.length + 3) & ~3)).order(ByteOrder.LITTLE_ENDIAN);
    section.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
    section.putInt(1).putInt(20).putShort((short) PacketDecoder.LINKTYPE_RAW).putShort((short) 0).putInt(0).putInt(20);
    int length = 16 + ((second.length + 3) & ~3);
    section.putInt(3).putInt(length).putInt(second.length).put(second);
    section.position(section.capacity() - 4);
    section.putInt(length);
    file.writeBytes(section.array());
    Path both = Files.write(dir.resolve("two-sections.pcapng"), file.toByteArray());

    List<CapturedFrame> frames = VectorCapture.frames(both);

    assertThat(frames).extracting(CapturedFrame::linkType)
        .containsExactly(PacketDecoder.LINKTYPE_ETHERNET, PacketDecoder.LINKTYPE_RAW);
    assertThat(PacketDecoder.udp(frames.get(0)).orElseThrow().payload()).isEqualTo(PacketDecoder.udp(VECTOR.get(0)).orElseThrow().payload());
    assertThat(PacketDecoder.udp(frames.get(1)).orElseThrow().payload()).isEqualTo(PacketDecoder.udp(VECTOR.get(1)).orElseThrow().payload());
  }

  @Test
  void shouldRejectAFileThatIsNotACapture() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, world");
    assertThatThrownBy(() -> CaptureReader.open(text))
        .isInstanceOf(CaptureFormatException.class).hasMessageContaining("not a pcap or pcapng file");
    Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
    assertThatThrownBy(() -> CaptureReader.open(empty)).isInstanceOf(CaptureFormatException.class);
  }

  @Test
  void shouldReportACaptureCutInTheMiddleOfAFrame() throws IOException {
    byte[] whole = Files.readAllBytes(VectorCapture.libswiftCapture());
    Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 10));
    try (CaptureReader reader = CaptureReader.open(cut)) {
      for (int i = 0; i < 218; i++) {
        assertThat(reader.next()).isPresent();
      }
      assertThatThrownBy(reader::next).isInstanceOf(CaptureFormatException.class)
          .hasMessageContaining("ends in the middle of frame 219");
    }
  }

  @Test
  void shouldRejectAbsurdRecordLengthWithoutAllocatingIt() throws IOException {
    byte[] bytes = Files.readAllBytes(VectorCapture.libswiftCapture());
    // first record's incl_len (little-endian, at 24 + 8) = 0x7fffffff
    bytes[32] = (byte) 0xff;
    bytes[33] = (byte) 0xff;
    bytes[34] = (byte) 0xff;
    bytes[35] = (byte) 0x7f;
    Path corrupt = Files.write(dir.resolve("corrupt.pcap"), bytes);
    try (CaptureReader reader = CaptureReader.open(corrupt)) {
      assertThatThrownBy(reader::next).isInstanceOf(CaptureFormatException.class)
          .hasMessageContaining("2147483647 captured bytes");
    }
  }

  @Test
  void formatsIpv6AddressesTheWayNetworkToolsDo() throws Exception {
    assertThat(Addresses.text(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
    assertThat(Addresses.text(InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(Addresses.text(InetAddress.getByName("fe80::"))).isEqualTo("fe80::");
    assertThat(Addresses.text(InetAddress.getByName("2001:db8:1:1:1:1:0:1"))).isEqualTo("2001:db8:1:1:1:1:0:1");
  }
}
