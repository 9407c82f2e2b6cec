package dev.eddy.peer.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads frames from a classic pcap file (either byte order, microsecond or nanosecond magic) or a
 * pcapng file (any number of sections and interfaces, enhanced and simple packet blocks; other blocks
 * are skipped). The format is found from the file's first four bytes, not its name. Record lengths are
 * checked before anything is allocated, so a corrupt file cannot make the reader allocate more than
 * {@link #MAX_FRAME_LENGTH} per frame.
 */
public final class CaptureReader implements Closeable {
  /** Larger than any frame a real link carries (64 KiB IP packets plus link headers). */
  public static final int MAX_FRAME_LENGTH = 256 * 1024;

  private static final int PCAP_MAGIC_MICROS = 0xA1B2C3D4;
  private static final int PCAP_MAGIC_NANOS = 0xA1B23C4D;
  private static final int PCAPNG_SECTION_HEADER = 0x0A0D0D0A;
  private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  private static final int PCAPNG_INTERFACE_DESCRIPTION = 1;
  private static final int PCAPNG_SIMPLE_PACKET = 3;
  private static final int PCAPNG_ENHANCED_PACKET = 6;
  /** Blocks we skip may be large (name resolution, custom), but not absurd. */
  private static final int MAX_BLOCK_LENGTH = 16 * 1024 * 1024;

  private final InputStream in;
  private final boolean pcapng;
  private ByteOrder order;
  private int pcapLinkType;
  private final List<Integer> interfaceLinkTypes = new ArrayList<>();
  private final List<Integer> interfaceSnapLengths = new ArrayList<>();
  private int frameCount;

  private CaptureReader(InputStream in) throws IOException {
    this.in = in;
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw new CaptureFormatException("not a pcap or pcapng file (only " + magic.length + " bytes long)");
    }
    int big = ByteBuffer.wrap(magic).order(ByteOrder.BIG_ENDIAN).getInt();
    int little = ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (big == PCAPNG_SECTION_HEADER) {
      pcapng = true;
      readSectionHeaderRest();
    } else if (big == PCAP_MAGIC_MICROS || big == PCAP_MAGIC_NANOS) {
      pcapng = false;
      order = ByteOrder.BIG_ENDIAN;
      readPcapHeaderRest();
    } else if (little == PCAP_MAGIC_MICROS || little == PCAP_MAGIC_NANOS) {
      pcapng = false;
      order = ByteOrder.LITTLE_ENDIAN;
      readPcapHeaderRest();
    } else {
      throw new CaptureFormatException(
          String.format("not a pcap or pcapng file (starts with %02x%02x%02x%02x)", magic[0], magic[1], magic[2], magic[3]));
    }
  }

  /** Opens a capture file and reads its header. */
  public static CaptureReader open(Path file) throws IOException {
    InputStream stream = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      return new CaptureReader(stream);
    } catch (IOException | RuntimeException e) {
      stream.close();
      throw e;
    }
  }

  /** Reads from a stream the caller closes (through {@link #close}). */
  public static CaptureReader of(InputStream stream) throws IOException {
    return new CaptureReader(stream instanceof BufferedInputStream ? stream : new BufferedInputStream(stream));
  }

  public boolean isPcapng() {
    return pcapng;
  }

  /** The next frame, or empty at the end of the file. */
  public Optional<CapturedFrame> next() throws IOException {
    return pcapng ? nextPcapngFrame() : nextPcapFrame();
  }

  private void readPcapHeaderRest() throws IOException {
    // version major:2 minor:2, thiszone:4, sigfigs:4, snaplen:4, network:4
    ByteBuffer header = read(20, "the pcap file header");
    pcapLinkType = header.getInt(16) & 0xFFFF; // the upper bits may carry FCS flags
  }

  private Optional<CapturedFrame> nextPcapFrame() throws IOException {
    byte[] first = new byte[16];
    int got = in.readNBytes(first, 0, 16);
    if (got == 0) {
      return Optional.empty();
    }
    if (got < 16) {
      throw truncated("a record header");
    }
    // ts_sec:4, ts_usec:4, incl_len:4, orig_len:4
    ByteBuffer header = ByteBuffer.wrap(first).order(order);
    int captured = header.getInt(8);
    int original = header.getInt(12);
    checkFrameLength(captured);
    byte[] data = readFully(captured, null);
    return Optional.of(new CapturedFrame(++frameCount, pcapLinkType, data, Math.max(original, captured)));
  }

  private void readSectionHeaderRest() throws IOException {
    byte[] lengthAndMagic = readFully(8, "a pcapng section header");
    int magicBig = ByteBuffer.wrap(lengthAndMagic, 4, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    if (magicBig == PCAPNG_BYTE_ORDER_MAGIC) {
      order = ByteOrder.BIG_ENDIAN;
    } else if (Integer.reverseBytes(magicBig) == PCAPNG_BYTE_ORDER_MAGIC) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else {
      throw new CaptureFormatException("pcapng section header has no byte-order magic");
    }
    int blockLength = ByteBuffer.wrap(lengthAndMagic, 0, 4).order(order).getInt();
    checkBlockLength(blockLength, 28);
    skipFully(blockLength - 12);
    interfaceLinkTypes.clear();
    interfaceSnapLengths.clear();
  }

  private Optional<CapturedFrame> nextPcapngFrame() throws IOException {
    while (true) {
      byte[] typeBytes = new byte[4];
      int got = in.readNBytes(typeBytes, 0, 4);
      if (got == 0) {
        return Optional.empty();
      }
      if (got < 4) {
        throw truncated("a block header");
      }
      int blockType = ByteBuffer.wrap(typeBytes).order(order == null ? ByteOrder.BIG_ENDIAN : order).getInt();
      if (ByteBuffer.wrap(typeBytes).order(ByteOrder.BIG_ENDIAN).getInt() == PCAPNG_SECTION_HEADER) {
        readSectionHeaderRest();
        continue;
      }
      int blockLength = read(4, "a block length").getInt(0);
      checkBlockLength(blockLength, 12);
      int bodyLength = blockLength - 12;
      switch (blockType) {
        case PCAPNG_INTERFACE_DESCRIPTION -> {
          ByteBuffer body = read(bodyLength, "an interface description block");
          if (bodyLength < 8) {
            throw new CaptureFormatException("interface description block too short");
          }
          interfaceLinkTypes.add(body.getShort(0) & 0xFFFF);
          interfaceSnapLengths.add(body.getInt(4));
          skipFully(4);
        }
        case PCAPNG_ENHANCED_PACKET -> {
          // interface:4, ts high:4, ts low:4, captured:4, original:4, data, padding, options
          ByteBuffer fixed = read(20, "an enhanced packet block");
          int iface = fixed.getInt(0);
          int captured = fixed.getInt(12);
          int original = fixed.getInt(16);
          checkFrameLength(captured);
          int padded = (captured + 3) & ~3;
          if (20 + padded > bodyLength) {
            throw new CaptureFormatException("enhanced packet block shorter than its packet (" + captured + " bytes)");
          }
          byte[] data = readFully(captured, null);
          skipFully(bodyLength - 20 - captured + 4);
          return Optional.of(new CapturedFrame(++frameCount, linkTypeOf(iface), data, Math.max(original, captured)));
        }
        case PCAPNG_SIMPLE_PACKET -> {
          // original length:4, data (as much as the block holds, up to the snap length)
          int original = read(4, "a simple packet block").getInt(0);
          int captured = Math.min(original, bodyLength - 4);
          if (!interfaceSnapLengths.isEmpty() && interfaceSnapLengths.get(0) > 0) {
            captured = Math.min(captured, interfaceSnapLengths.get(0));
          }
          checkFrameLength(captured);
          byte[] data = readFully(Math.max(captured, 0), null);
          skipFully(bodyLength - 4 - data.length + 4);
          return Optional.of(new CapturedFrame(++frameCount, linkTypeOf(0), data, Math.max(original, data.length)));
        }
        default -> skipFully(bodyLength + 4);
      }
    }
  }

  private int linkTypeOf(int iface) throws CaptureFormatException {
    if (iface < 0 || iface >= interfaceLinkTypes.size()) {
      throw new CaptureFormatException("packet on interface " + iface + ", which the section never described");
    }
    return interfaceLinkTypes.get(iface);
  }

  private void checkFrameLength(int captured) throws CaptureFormatException {
    if (captured < 0 || captured > MAX_FRAME_LENGTH) {
      throw new CaptureFormatException("frame " + (frameCount + 1) + " claims "
          + Integer.toUnsignedString(captured) + " captured bytes; the file is corrupt");
    }
  }

  private void checkBlockLength(int length, int minimum) throws CaptureFormatException {
    if (length < minimum || length > MAX_BLOCK_LENGTH || length % 4 != 0) {
      throw new CaptureFormatException("pcapng block after frame " + frameCount + " has a bad length "
          + Integer.toUnsignedString(length) + "; the file is corrupt");
    }
  }

  private ByteBuffer read(int length, String what) throws IOException {
    return ByteBuffer.wrap(readFully(length, what)).order(order == null ? ByteOrder.BIG_ENDIAN : order);
  }

  private byte[] readFully(int length, String what) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw truncated(what == null ? "frame " + (frameCount + 1) : what);
    }
    return bytes;
  }

  private void skipFully(long length) throws IOException {
    try {
      in.skipNBytes(length);
    } catch (EOFException e) {
      throw truncated("a block");
    }
  }

  private CaptureFormatException truncated(String what) {
    return new CaptureFormatException("the capture ends in the middle of " + what + " (after frame " + frameCount + ")");
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
