package dev.eddy.peer.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The real-traffic vectors of {@code vectors/} (system property {@code eddy.vectors}, set by the build). */
public final class VectorCapture {
  private VectorCapture() {}

  public static Path vectors() {
    String dir = System.getProperty("eddy.vectors");
    Path path = dir != null ? Path.of(dir) : Path.of("..", "vectors");
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException("test vectors not found at " + path.toAbsolutePath() + " (set -Deddy.vectors)");
    }
    return path;
  }

  public static Path libswiftCapture() {
    return vectors().resolve("libswift-100k.pcap");
  }

  public static byte[] libswiftContent() {
    try {
      return Files.readAllBytes(vectors().resolve("libswift-100k.content.bin"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every frame of a capture file. */
  public static List<CapturedFrame> frames(Path capture) {
    try (CaptureReader reader = CaptureReader.open(capture)) {
      List<CapturedFrame> frames = new ArrayList<>();
      for (Optional<CapturedFrame> frame = reader.next(); frame.isPresent(); frame = reader.next()) {
        frames.add(frame.get());
      }
      return frames;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every UDP datagram of the libswift capture, in order. */
  public static List<UdpPacket> libswiftDatagrams() {
    List<UdpPacket> packets = new ArrayList<>();
    for (CapturedFrame frame : frames(libswiftCapture())) {
      packets.add(PacketDecoder.udp(frame).orElseThrow());
    }
    return packets;
  }
}
