package dev.eddy.peer.wire;

import static dev.eddy.peer.wire.DecodeError.Reason.BAD_LENGTH;
import static dev.eddy.peer.wire.DecodeError.Reason.BAD_OPTION_VALUE;
import static dev.eddy.peer.wire.DecodeError.Reason.BIN_OUT_OF_RANGE;
import static dev.eddy.peer.wire.DecodeError.Reason.DATAGRAM_TOO_SHORT;
import static dev.eddy.peer.wire.DecodeError.Reason.DUPLICATE_OPTION;
import static dev.eddy.peer.wire.DecodeError.Reason.INVERTED_RANGE;
import static dev.eddy.peer.wire.DecodeError.Reason.TRUNCATED;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_CHUNK_ADDRESSING;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_HASH_FUNCTION;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_MESSAGE_TYPE;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_OPTION;
import static dev.eddy.peer.wire.DecodeError.Reason.UNKNOWN_SIGNATURE_LENGTH;
import static dev.eddy.peer.wire.DecodeError.Reason.VALUE_OUT_OF_RANGE;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one UDP payload into a {@link DecodeResult}. Never throws for any input bytes: every problem
 * becomes a {@link DecodeError} naming the offset of the failing field, and the whole datagram is
 * rejected. Every length is checked against the bytes left before anything is allocated, so a datagram
 * can never make the decoder allocate more than its own size. The buffer's indices are not moved.
 */
public final class DatagramDecoder {
  private static final long LEGACY_ALL_BIN = 0x7FFF_FFFFL;
  private static final int LEGACY_HASH_LENGTH = 20;
  private static final int IPV4_LENGTH = 4;
  private static final int IPV6_LENGTH = 16;

  private DatagramDecoder() {}

  /**
   * Decodes the readable bytes of {@code datagram} under the channel's {@code context}. A HANDSHAKE in
   * the datagram changes the context for the messages after it; the result carries the final context.
   * DATA payloads are slices of {@code datagram} (see {@link Data} for ownership).
   */
  public static DecodeResult decode(ByteBuf datagram, DecodingContext context) {
    int length = datagram.readableBytes();
    if (length < Datagram.HEADER_LENGTH) {
      return new DecodeResult.Malformed(
          new DecodeError(0, DATAGRAM_TOO_SHORT, "a datagram starts with a 4-byte channel ID; got " + length + " bytes"));
    }
    long channel = datagram.getUnsignedInt(datagram.readerIndex());
    if (channel == 0 && isLegacyHandshake(datagram)) {
      int base = datagram.readerIndex();
      return new DecodeResult.Legacy(
          new LegacyHandshake(
              Bytes.copyOf(datagram, base + 9, LEGACY_HASH_LENGTH),
              datagram.getUnsignedInt(base + 30),
              length));
    }
    Reader reader = new Reader(datagram, Datagram.HEADER_LENGTH);
    try {
      if (!reader.hasMore()) {
        return new DecodeResult.Decoded(Datagram.keepAlive(channel), context);
      }
      List<Message> messages = new ArrayList<>(8);
      DecodingContext current = context;
      while (reader.hasMore()) {
        Message message = decodeMessage(reader, current);
        messages.add(message);
        if (message instanceof Handshake handshake) {
          current = current.afterHandshake(handshake.options());
        }
      }
      return new DecodeResult.Decoded(new Datagram(channel, messages), current);
    } catch (Failure failure) {
      return new DecodeResult.Malformed(failure.error);
    }
  }

  /** {@code 00000000 04 7fffffff <hash:20> 00 <channel:4>}: the old HASH(all) + HANDSHAKE pair. */
  private static boolean isLegacyHandshake(ByteBuf datagram) {
    int base = datagram.readerIndex();
    return datagram.readableBytes() >= LegacyHandshake.LENGTH
        && datagram.getUnsignedByte(base + 4) == MessageType.INTEGRITY.code()
        && datagram.getUnsignedInt(base + 5) == LEGACY_ALL_BIN
        && datagram.getUnsignedByte(base + 29) == MessageType.HANDSHAKE.code();
  }

  private static Message decodeMessage(Reader in, DecodingContext context) throws Failure {
    int typeOffset = in.offset();
    int code = in.u8("message type");
    MessageType type = MessageType.byCodeOrNull(code);
    if (type == null) {
      throw in.fail(typeOffset, UNKNOWN_MESSAGE_TYPE, "unknown message type " + code);
    }
    return switch (type) {
      case HANDSHAKE -> decodeHandshake(in, context);
      case DATA -> new Data(chunkSpec(in, context), in.i64("DATA timestamp"), in.rest());
      case ACK -> new Ack(chunkSpec(in, context), in.i64("ACK delay sample"));
      case HAVE -> new Have(chunkSpec(in, context));
      case INTEGRITY -> new Integrity(chunkSpec(in, context), hash(in, context));
      case PEX_RESv4 -> new PexResV4((Inet4Address) address(in.bytes(IPV4_LENGTH, "IPv4 address")), in.u16("port"));
      case PEX_REQ -> PexReq.INSTANCE;
      case SIGNED_INTEGRITY -> new SignedIntegrity(chunkSpec(in, context), in.i64("timestamp"), signature(in, context));
      case REQUEST -> new Request(chunkSpec(in, context));
      case CANCEL -> new Cancel(chunkSpec(in, context));
      case CHOKE -> Choke.INSTANCE;
      case UNCHOKE -> Unchoke.INSTANCE;
      case PEX_RESv6 -> new PexResV6(ipv6(in.bytes(IPV6_LENGTH, "IPv6 address")), in.u16("port"));
      case PEX_REScert -> new PexResCert(Bytes.wrap(in.bytes(in.length16("certificate"), "certificate")));
    };
  }

  private static Handshake decodeHandshake(Reader in, DecodingContext context) throws Failure {
    long sourceChannel = in.u32("source channel");
    HandshakeOptions options = HandshakeOptions.NONE;
    while (true) {
      int optionOffset = in.offset();
      int code = in.u8("protocol option (the list must end with ff)");
      ProtocolOption option = ProtocolOption.byCodeOrNull(code);
      if (option == null) {
        throw in.fail(optionOffset, UNKNOWN_OPTION, "unknown protocol option " + code);
      }
      if (option == ProtocolOption.END_OPTION) {
        return new Handshake(sourceChannel, options);
      }
      if (options.has(option)) {
        throw in.fail(optionOffset, DUPLICATE_OPTION, "option " + option.key() + " appears twice");
      }
      options = switch (option) {
        case VERSION -> options.withVersion(in.u8("version"));
        case MINIMUM_VERSION -> options.withMinimumVersion(in.u8("minimum version"));
        case SWARM_ID -> options.withSwarmId(Bytes.wrap(in.bytes(in.length16("swarm ID"), "swarm ID")));
        case CONTENT_INTEGRITY_PROTECTION_METHOD -> options.withContentIntegrity(
            ContentIntegrity.of(in.u8("content integrity method")));
        case MERKLE_HASH_TREE_FUNCTION -> options.withMerkleHashFunction(
            MerkleHashFunction.of(in.u8("Merkle hash function")));
        case LIVE_SIGNATURE_ALGORITHM -> options.withLiveSignatureAlgorithm(
            LiveSignatureAlgorithm.of(in.u8("live signature algorithm")));
        case CHUNK_ADDRESSING_METHOD -> options.withChunkAddressing(ChunkAddressing.of(in.u8("chunk addressing")));
        case LIVE_DISCARD_WINDOW -> options.withLiveDiscardWindow(
            liveDiscardWindow(in, options.chunkAddressing().orElse(context.chunkAddressing())));
        case SUPPORTED_MESSAGES -> options.withSupportedMessages(supportedMessages(in));
        case CHUNK_SIZE -> options.withChunkSize(chunkSize(in));
        case END_OPTION -> throw new AssertionError("handled above");
      };
    }
  }

  private static long liveDiscardWindow(Reader in, ChunkAddressing addressing) throws Failure {
    if (!addressing.isKnown()) {
      throw in.fail(in.offset(), UNKNOWN_CHUNK_ADDRESSING,
          "live discard window width follows the chunk addressing, and " + addressing.code() + " is unknown");
    }
    return addressing.valueWidth() == 4 ? in.u32("live discard window") : in.i64("live discard window");
  }

  private static SupportedMessages supportedMessages(Reader in) throws Failure {
    int lengthOffset = in.offset();
    int length = in.u8("supported messages length");
    if (length > SupportedMessages.MAX_BITMAP_LENGTH) {
      throw in.fail(lengthOffset, BAD_LENGTH,
          "supported messages bitmap of " + length + " bytes; 256 message types need at most 32");
    }
    return new SupportedMessages(Bytes.wrap(in.bytes(length, "supported messages bitmap")));
  }

  private static long chunkSize(Reader in) throws Failure {
    int offset = in.offset();
    long size = in.u32("chunk size");
    if (size == 0) {
      throw in.fail(offset, BAD_OPTION_VALUE, "chunk size 0");
    }
    return size;
  }

  private static ChunkSpec chunkSpec(Reader in, DecodingContext context) throws Failure {
    ChunkAddressing addressing = context.chunkAddressing();
    int offset = in.offset();
    switch (addressing.code()) {
      case 0: {
        long bin = in.u32("bin");
        if (bin == 0xFFFF_FFFFL) {
          throw in.fail(offset, BIN_OUT_OF_RANGE, "bin ffffffff is libswift's 'none', not a bin");
        }
        return new ChunkSpec.Bin(bin);
      }
      case 3: {
        long bin = in.i64("bin");
        if (bin == -1L) {
          throw in.fail(offset, BIN_OUT_OF_RANGE, "bin ffffffffffffffff is libswift's 'none', not a bin");
        }
        return new ChunkSpec.Bin(bin);
      }
      case 2: {
        long start = in.u32("range start");
        long end = in.u32("range end");
        requireOrdered(in, offset, start, end);
        return new ChunkSpec.ChunkRange(start, end);
      }
      case 1:
      case 4: {
        long start = nonNegative(in, in.i64("range start"), offset);
        long end = nonNegative(in, in.i64("range end"), offset + 8);
        requireOrdered(in, offset, start, end);
        return addressing.usesByteRanges() ? new ChunkSpec.ByteRange(start, end) : new ChunkSpec.ChunkRange(start, end);
      }
      default:
        throw in.fail(offset, UNKNOWN_CHUNK_ADDRESSING,
            "chunk addressing method " + addressing.code() + " is unknown, so its chunk specs cannot be read");
    }
  }

  private static long nonNegative(Reader in, long value, int offset) throws Failure {
    if (value < 0) {
      throw in.fail(offset, VALUE_OUT_OF_RANGE, "value " + Long.toUnsignedString(value) + " is 2^63 or more");
    }
    return value;
  }

  private static void requireOrdered(Reader in, int offset, long start, long end) throws Failure {
    if (start > end) {
      throw in.fail(offset, INVERTED_RANGE, "range start " + start + " is after its end " + end);
    }
  }

  private static Bytes hash(Reader in, DecodingContext context) throws Failure {
    MerkleHashFunction function = context.merkleHashFunction();
    if (!function.isKnown()) {
      throw in.fail(in.offset(), UNKNOWN_HASH_FUNCTION,
          "hash length unknown under Merkle hash function " + function.code());
    }
    return Bytes.wrap(in.bytes(function.hashLength(), function + " hash"));
  }

  private static Bytes signature(Reader in, DecodingContext context) throws Failure {
    int length = context.signatureLength();
    if (length == DecodingContext.UNKNOWN_LENGTH) {
      throw in.fail(in.offset(), UNKNOWN_SIGNATURE_LENGTH,
          "signature length unknown for " + context.liveSignatureAlgorithm());
    }
    return Bytes.wrap(in.bytes(length, "signature"));
  }

  private static InetAddress address(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw); // a literal: no name lookup
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  /** Keeps an IPv4-mapped IPv6 address an {@link Inet6Address}, as it was on the wire. */
  private static Inet6Address ipv6(byte[] raw) {
    try {
      return Inet6Address.getByAddress(null, raw, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are always an IPv6 address", e);
    }
  }

  /** Bounds-checked reads at absolute indices; offsets in errors are relative to the datagram start. */
  private static final class Reader {
    private final ByteBuf buf;
    private final int base;
    private final int end;
    private int index;

    Reader(ByteBuf buf, int startOffset) {
      this.buf = buf;
      this.base = buf.readerIndex();
      this.end = buf.writerIndex();
      this.index = base + startOffset;
    }

    int offset() {
      return index - base;
    }

    boolean hasMore() {
      return index < end;
    }

    private void need(int length, String field) throws Failure {
      if (end - index < length) {
        throw fail(offset(), TRUNCATED, field + " needs " + length + " bytes, " + (end - index) + " left");
      }
    }

    int u8(String field) throws Failure {
      need(1, field);
      return buf.getUnsignedByte(index++);
    }

    int u16(String field) throws Failure {
      need(2, field);
      int value = buf.getUnsignedShort(index);
      index += 2;
      return value;
    }

    long u32(String field) throws Failure {
      need(4, field);
      long value = buf.getUnsignedInt(index);
      index += 4;
      return value;
    }

    long i64(String field) throws Failure {
      need(8, field);
      long value = buf.getLong(index);
      index += 8;
      return value;
    }

    /** A 16-bit length, checked against the bytes left before anything is allocated. */
    int length16(String field) throws Failure {
      int lengthOffset = offset();
      int length = u16(field + " length");
      if (length > end - index) {
        throw fail(lengthOffset, BAD_LENGTH,
            field + " length " + length + " exceeds the " + (end - index) + " bytes left");
      }
      return length;
    }

    byte[] bytes(int length, String field) throws Failure {
      need(length, field);
      byte[] copy = new byte[length];
      buf.getBytes(index, copy);
      index += length;
      return copy;
    }

    /** The rest of the datagram as a slice (no copy). */
    ByteBuf rest() {
      ByteBuf slice = buf.slice(index, end - index);
      index = end;
      return slice;
    }

    Failure fail(int offset, DecodeError.Reason reason, String detail) {
      return new Failure(new DecodeError(offset, reason, detail));
    }
  }

  /** Control flow for the error path only; no stack trace, so failing is cheap. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient DecodeError error;

    Failure(DecodeError error) {
      super(error.toString(), null, false, false);
      this.error = error;
    }
  }
}
