package dev.eddy.peer.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the capture reader and the packet decoder behind {@code eddy inspect}
 * (FUZZING.md). Whatever the file: frames come out, or a {@link CaptureFormatException} with a message
 * says why not, and nothing else is thrown; each frame costs the reader file bytes (so it ends) and holds
 * no more than the file and {@link CaptureReader#MAX_FRAME_LENGTH}; frames are numbered 1, 2, 3…; the
 * packet decoder finds a UDP payload inside its frame or none, and never throws.
 */
class CaptureFuzzTest {
  /** Frames of the real capture in each seed: enough for every record kind, small enough to mutate fast. */
  private static final int SEED_FRAMES = 3;

  @MethodSource("captures")
  @FuzzTest
  void readsOrRejectsEveryCapture(byte[] file) {
    List<CapturedFrame> frames = new ArrayList<>();
    try (CaptureReader reader = CaptureReader.of(new ByteArrayInputStream(file))) {
      for (Optional<CapturedFrame> frame = reader.next(); frame.isPresent(); frame = reader.next()) {
        frames.add(frame.get());
        // a pcap record header is 16 bytes, the smallest pcapng block 12: no frame comes for free
        assertThat(frames.size() * 12).isLessThanOrEqualTo(file.length);
      }
    } catch (CaptureFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory stream cannot fail to read", e);
    }
    for (int i = 0; i < frames.size(); i++) {
      CapturedFrame frame = frames.get(i);
      assertThat(frame.number()).isEqualTo(i + 1);
      assertThat(frame.data().length).isLessThanOrEqualTo(Math.min(file.length, CaptureReader.MAX_FRAME_LENGTH));
      Optional<UdpPacket> udp = PacketDecoder.udp(frame);
      udp.ifPresent(packet -> {
        assertThat(packet.frame()).isEqualTo(frame.number());
        assertThat(packet.payload().length).isLessThanOrEqualTo(frame.data().length - 8);
        assertThat(Addresses.format(packet.source())).isNotBlank();
        assertThat(Addresses.format(packet.destination())).isNotBlank();
      });
    }
  }

  /**
   * Seeds: the first frames of the real libswift capture, as it is (classic pcap, little-endian
   * Ethernet) and rewritten into every other format and link layer the reader knows.
   */
  static Stream<Arguments> captures() throws IOException {
    List<CapturedFrame> vector = VectorCapture.frames(VectorCapture.libswiftCapture()).subList(0, SEED_FRAMES);
    Path dir = Files.createTempDirectory("capture-seeds");
    try {
      byte[] a = InetAddress.getByName("2001:db8::1").getAddress();
      byte[] b = InetAddress.getByName("2001:db8::2").getAddress();
      return Stream.of(
              write(dir, "eth-le.pcap", vector, PacketDecoder.LINKTYPE_ETHERNET, f -> f, false, ByteOrder.LITTLE_ENDIAN),
              write(dir, "eth-be.pcapng", vector, PacketDecoder.LINKTYPE_ETHERNET, f -> f, true, ByteOrder.BIG_ENDIAN),
              write(dir, "sll.pcap", vector, PacketDecoder.LINKTYPE_LINUX_SLL, CaptureFiles::toLinuxCooked, false,
                  ByteOrder.BIG_ENDIAN),
              write(dir, "sll2.pcapng", vector, PacketDecoder.LINKTYPE_LINUX_SLL2, CaptureFiles::toLinuxCookedV2, true,
                  ByteOrder.LITTLE_ENDIAN),
              write(dir, "raw.pcap", vector, PacketDecoder.LINKTYPE_RAW, CaptureFiles::toRawIp, false,
                  ByteOrder.LITTLE_ENDIAN),
              write(dir, "v6.pcapng", vector, PacketDecoder.LINKTYPE_ETHERNET,
                  f -> CaptureFiles.ipv4ToIpv6(f, a, b), true, ByteOrder.BIG_ENDIAN))
          .map(bytes -> Arguments.of((Object) bytes));
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }

  private static byte[] write(
      Path dir, String name, List<CapturedFrame> frames, int linkType, UnaryOperator<byte[]> rewrite, boolean pcapng,
      ByteOrder order) throws IOException {
    List<byte[]> data = frames.stream().map(frame -> rewrite.apply(frame.data())).toList();
    Path file = dir.resolve(name);
    return Files.readAllBytes(pcapng
        ? CaptureFiles.writePcapng(file, linkType, data, order)
        : CaptureFiles.writePcap(file, linkType, data, order));
  }
}
