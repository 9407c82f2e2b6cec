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
import java.util.Arrays;

/**
 * The decoder's core, usable on its own where allocation matters: a reusable cursor over one datagram
 * that allocates nothing for well-formed datagrams without a HANDSHAKE (one DATA payload view if asked
 * for). {@link #wrap} checks the whole datagram first, so a malformed message anywhere rejects it before
 * any message is looked at; then {@link #select} a message and read its fields straight from the buffer,
 * or {@link #message()} to get it as a record. {@link DatagramDecoder} is this plus the records.
 *
 * <p>Not thread-safe: keep one per thread (event loop). It holds the buffer until the next {@code wrap}
 * or {@link #clear}; it never retains or releases it.
 */
public final class DatagramReader {
  /** What {@link #wrap} found. */
  public enum Status {
    /** A well-formed PPSPP datagram (no messages: a keep-alive). */
    DATAGRAM,
    /** libswift's pre-PPSPP handshake: see {@link #legacyHandshake()}. */
    LEGACY,
    /** Malformed: see {@link #error()}. */
    MALFORMED
  }

  private static final long LEGACY_ALL_BIN = 0x7FFF_FFFFL;
  private static final int LEGACY_HASH_LENGTH = 20;
  private static final int TIMESTAMP_LENGTH = 8;

  private ByteBuf buf;
  private int base;
  private int end;
  private int index;
  private long channel;
  private int count;
  private int[] starts = new int[16];
  private DecodingContext[] contexts = new DecodingContext[16];
  private Handshake[] handshakes = new Handshake[16];
  private DecodingContext contextAfter;
  private DecodeError error;
  private LegacyHandshake legacy;
  private int selected = -1;

  /**
   * Checks the readable bytes of {@code datagram} under the channel's {@code context} and makes them
   * current. Never throws for any input; does not move the buffer's indices.
   */
  public Status wrap(ByteBuf datagram, DecodingContext context) {
    clear();
    buf = datagram;
    base = datagram.readerIndex();
    end = datagram.writerIndex();
    contextAfter = context;
    int length = end - base;
    if (length < Datagram.HEADER_LENGTH) {
      error = new DecodeError(0, DATAGRAM_TOO_SHORT, "a datagram starts with a 4-byte channel ID; got " + length + " bytes");
      return Status.MALFORMED;
    }
    channel = datagram.getUnsignedInt(base);
    if (channel == 0 && isLegacyHandshake()) {
      legacy = new LegacyHandshake(
          Bytes.copyOf(datagram, base + 9, LEGACY_HASH_LENGTH), datagram.getUnsignedInt(base + 30), length);
      return Status.LEGACY;
    }
    index = base + Datagram.HEADER_LENGTH;
    try {
      while (index < end) {
        checkMessage();
      }
      return Status.DATAGRAM;
    } catch (Failure failure) {
      error = failure.error;
      Arrays.fill(handshakes, 0, count, null);
      count = 0;
      return Status.MALFORMED;
    }
  }

  /** Forgets the current datagram (drops the reference to its buffer). */
  public void clear() {
    buf = null;
    Arrays.fill(handshakes, 0, count, null);
    count = 0;
    selected = -1;
    error = null;
    legacy = null;
  }

  /** {@code 00000000 04 7fffffff <hash:20> 00 <channel:4>}: the old HASH(all) + HANDSHAKE pair. */
  private boolean isLegacyHandshake() {
    return end - base >= LegacyHandshake.LENGTH
        && buf.getUnsignedByte(base + 4) == MessageType.INTEGRITY.code()
        && buf.getUnsignedInt(base + 5) == LEGACY_ALL_BIN
        && buf.getUnsignedByte(base + 29) == MessageType.HANDSHAKE.code();
  }

  public DecodeError error() {
    return error;
  }

  public LegacyHandshake legacyHandshake() {
    return legacy;
  }

  /** The destination channel ID of the current datagram. */
  public long channel() {
    return channel;
  }

  /** The channel's context after the current datagram (changed by any HANDSHAKE in it). */
  public DecodingContext contextAfter() {
    return contextAfter;
  }

  public int messageCount() {
    return count;
  }

  /** Makes message {@code i} (0-based) the one the accessors below read. */
  public DatagramReader select(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("message " + i + " of " + count);
    }
    selected = i;
    return this;
  }

  public MessageType type() {
    return MessageType.byCodeOrNull(buf.getUnsignedByte(starts[selected]));
  }

  /** The context the selected message was read under. */
  public DecodingContext context() {
    return contexts[selected];
  }

  /** Start of the chunk spec as on the wire: first chunk (bins, chunk ranges) or first byte (byte ranges). */
  public long rangeStart() {
    ChunkAddressing addressing = contexts[selected].chunkAddressing();
    int at = starts[selected] + 1;
    return switch (addressing.code()) {
      case 0 -> binFirstChunk(buf.getUnsignedInt(at));
      case 3 -> binFirstChunk(buf.getLong(at));
      case 2 -> buf.getUnsignedInt(at);
      default -> buf.getLong(at);
    };
  }

  /** End of the chunk spec, inclusive, as on the wire (last chunk, or last byte for byte ranges). */
  public long rangeEnd() {
    ChunkAddressing addressing = contexts[selected].chunkAddressing();
    int at = starts[selected] + 1;
    return switch (addressing.code()) {
      case 0 -> binLastChunk(buf.getUnsignedInt(at));
      case 3 -> binLastChunk(buf.getLong(at));
      case 2 -> buf.getUnsignedInt(at + 4);
      default -> buf.getLong(at + 8);
    };
  }

  /** The bin number (unsigned) under bin addressing. */
  public long bin() {
    ChunkAddressing addressing = contexts[selected].chunkAddressing();
    if (!addressing.usesBins()) {
      throw new IllegalStateException("no bin under " + addressing);
    }
    int at = starts[selected] + 1;
    return addressing.valueWidth() == 4 ? buf.getUnsignedInt(at) : buf.getLong(at);
  }

  /** DATA or SIGNED_INTEGRITY timestamp. */
  public long timestamp() {
    return buf.getLong(afterSpec());
  }

  /** ACK one-way delay sample, microseconds. */
  public long delaySampleMicros() {
    return buf.getLong(afterSpec());
  }

  /**
   * Absolute buffer index of the variable-length part: INTEGRITY hash, SIGNED_INTEGRITY signature,
   * PEX_REScert certificate, DATA payload.
   */
  public int bodyIndex() {
    return switch (type()) {
      case INTEGRITY -> afterSpec();
      case SIGNED_INTEGRITY, DATA -> afterSpec() + TIMESTAMP_LENGTH;
      case PEX_REScert -> starts[selected] + 3;
      default -> throw new IllegalStateException(type() + " has no variable-length part");
    };
  }

  /** Length of the variable-length part: it runs to the next message. */
  public int bodyLength() {
    return nextStart() - bodyIndex();
  }

  /** The DATA payload as a slice of the datagram buffer (the one allocation this reader makes). */
  public ByteBuf payload() {
    if (type() != MessageType.DATA) {
      throw new IllegalStateException(type() + " has no payload");
    }
    int at = bodyIndex();
    return buf.slice(at, end - at);
  }

  /** The selected message as a record (allocates; DATA's payload is a slice, see {@link Data}). */
  public Message message() {
    int at = starts[selected];
    return switch (type()) {
      case HANDSHAKE -> handshakes[selected];
      case DATA -> new Data(spec(), timestamp(), payload());
      case ACK -> new Ack(spec(), delaySampleMicros());
      case HAVE -> new Have(spec());
      case INTEGRITY -> new Integrity(spec(), Bytes.copyOf(buf, bodyIndex(), bodyLength()));
      case PEX_RESv4 -> new PexResV4((Inet4Address) address(at + 1, 4), buf.getUnsignedShort(at + 5));
      case PEX_REQ -> PexReq.INSTANCE;
      case SIGNED_INTEGRITY -> new SignedIntegrity(spec(), timestamp(), Bytes.copyOf(buf, bodyIndex(), bodyLength()));
      case REQUEST -> new Request(spec());
      case CANCEL -> new Cancel(spec());
      case CHOKE -> Choke.INSTANCE;
      case UNCHOKE -> Unchoke.INSTANCE;
      case PEX_RESv6 -> new PexResV6((Inet6Address) address(at + 1, 16), buf.getUnsignedShort(at + 17));
      case PEX_REScert -> new PexResCert(Bytes.copyOf(buf, bodyIndex(), bodyLength()));
    };
  }

  /** The selected message's chunk spec as a value (allocates). */
  public ChunkSpec spec() {
    ChunkAddressing addressing = contexts[selected].chunkAddressing();
    if (addressing.usesBins()) {
      return new ChunkSpec.Bin(bin());
    }
    return addressing.usesByteRanges()
        ? new ChunkSpec.ByteRange(rangeStart(), rangeEnd())
        : new ChunkSpec.ChunkRange(rangeStart(), rangeEnd());
  }

  private int afterSpec() {
    return starts[selected] + 1 + contexts[selected].chunkAddressing().specWidth();
  }

  private int nextStart() {
    return selected + 1 < count ? starts[selected + 1] : end;
  }

  private static long binFirstChunk(long bin) {
    int layer = Long.numberOfTrailingZeros(~bin);
    return layer == 63 ? 0 : (bin >>> (layer + 1)) << layer;
  }

  private static long binLastChunk(long bin) {
    return binFirstChunk(bin) + ((1L << Long.numberOfTrailingZeros(~bin)) - 1);
  }

  private InetAddress address(int at, int length) {
    byte[] raw = new byte[length];
    buf.getBytes(at, raw);
    try {
      // literals, no name lookup; Inet6Address keeps an IPv4-mapped address IPv6, as on the wire
      return length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  // ---- checking pass: every length is checked before anything is allocated ----

  private void checkMessage() throws Failure {
    int start = index;
    int code = u8("message type");
    MessageType type = MessageType.byCodeOrNull(code);
    if (type == null) {
      throw fail(start - base, UNKNOWN_MESSAGE_TYPE, "unknown message type " + code);
    }
    DecodingContext context = contextAfter;
    Handshake handshake = null;
    switch (type) {
      case HANDSHAKE -> handshake = checkHandshake(context);
      case DATA -> {
        checkSpec(context);
        skip(TIMESTAMP_LENGTH, "DATA timestamp");
        index = end; // the payload runs to the end of the datagram
      }
      case ACK -> {
        checkSpec(context);
        skip(8, "ACK delay sample");
      }
      case HAVE, REQUEST, CANCEL -> checkSpec(context);
      case INTEGRITY -> {
        checkSpec(context);
        MerkleHashFunction function = context.merkleHashFunction();
        if (!function.isKnown()) {
          throw fail(offset(), UNKNOWN_HASH_FUNCTION, "hash length unknown under Merkle hash function " + function.code());
        }
        skip(function.hashLength(), "hash");
      }
      case SIGNED_INTEGRITY -> {
        checkSpec(context);
        skip(TIMESTAMP_LENGTH, "timestamp");
        if (context.signatureLength() == DecodingContext.UNKNOWN_LENGTH) {
          throw fail(offset(), UNKNOWN_SIGNATURE_LENGTH, "signature length unknown for " + context.liveSignatureAlgorithm());
        }
        skip(context.signatureLength(), "signature");
      }
      case PEX_RESv4 -> {
        skip(4, "IPv4 address");
        skip(2, "port");
      }
      case PEX_RESv6 -> {
        skip(16, "IPv6 address");
        skip(2, "port");
      }
      case PEX_REScert -> skip(length16("certificate"), "certificate");
      case PEX_REQ, CHOKE, UNCHOKE -> {
        // the type byte is the whole message
      }
    }
    add(start, context, handshake);
    if (handshake != null) {
      contextAfter = contextAfter.afterHandshake(handshake.options());
    }
  }

  private void add(int start, DecodingContext context, Handshake handshake) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      contexts = Arrays.copyOf(contexts, count * 2);
      handshakes = Arrays.copyOf(handshakes, count * 2);
    }
    starts[count] = start;
    contexts[count] = context;
    handshakes[count] = handshake;
    count++;
  }

  private Handshake checkHandshake(DecodingContext context) throws Failure {
    long sourceChannel = u32("source channel");
    HandshakeOptions options = HandshakeOptions.NONE;
    while (true) {
      int optionOffset = offset();
      int code = u8("protocol option (the list must end with ff)");
      ProtocolOption option = ProtocolOption.byCodeOrNull(code);
      if (option == null) {
        throw fail(optionOffset, UNKNOWN_OPTION, "unknown protocol option " + code);
      }
      if (option == ProtocolOption.END_OPTION) {
        return new Handshake(sourceChannel, options);
      }
      if (options.has(option)) {
        throw fail(optionOffset, DUPLICATE_OPTION, "option " + option.key() + " appears twice");
      }
      options = switch (option) {
        case VERSION -> options.withVersion(u8("version"));
        case MINIMUM_VERSION -> options.withMinimumVersion(u8("minimum version"));
        case SWARM_ID -> options.withSwarmId(bytes(length16("swarm ID"), "swarm ID"));
        case CONTENT_INTEGRITY_PROTECTION_METHOD -> options.withContentIntegrity(
            ContentIntegrity.of(u8("content integrity method")));
        case MERKLE_HASH_TREE_FUNCTION -> options.withMerkleHashFunction(MerkleHashFunction.of(u8("Merkle hash function")));
        case LIVE_SIGNATURE_ALGORITHM -> options.withLiveSignatureAlgorithm(
            LiveSignatureAlgorithm.of(u8("live signature algorithm")));
        case CHUNK_ADDRESSING_METHOD -> options.withChunkAddressing(ChunkAddressing.of(u8("chunk addressing")));
        // as wide as a chunk-spec value under the addressing announced so far, else the channel's
        case LIVE_DISCARD_WINDOW -> options.withLiveDiscardWindow(
            liveDiscardWindow(options.chunkAddressing().orElse(context.chunkAddressing())));
        case SUPPORTED_MESSAGES -> options.withSupportedMessages(supportedMessages());
        case CHUNK_SIZE -> options.withChunkSize(chunkSize());
        case END_OPTION -> throw new AssertionError("handled above");
      };
    }
  }

  private long liveDiscardWindow(ChunkAddressing addressing) throws Failure {
    if (!addressing.isKnown()) {
      throw fail(offset(), UNKNOWN_CHUNK_ADDRESSING,
          "live discard window width follows the chunk addressing, and " + addressing.code() + " is unknown");
    }
    return addressing.valueWidth() == 4 ? u32("live discard window") : i64("live discard window");
  }

  private SupportedMessages supportedMessages() throws Failure {
    int lengthOffset = offset();
    int length = u8("supported messages length");
    if (length > SupportedMessages.MAX_BITMAP_LENGTH) {
      throw fail(lengthOffset, BAD_LENGTH, "supported messages bitmap of " + length + " bytes; 256 message types need at most 32");
    }
    return new SupportedMessages(bytes(length, "supported messages bitmap"));
  }

  private long chunkSize() throws Failure {
    int chunkSizeOffset = offset();
    long size = u32("chunk size");
    if (size == 0) {
      throw fail(chunkSizeOffset, BAD_OPTION_VALUE, "chunk size 0");
    }
    return size;
  }

  private void checkSpec(DecodingContext context) throws Failure {
    ChunkAddressing addressing = context.chunkAddressing();
    int specOffset = offset();
    switch (addressing.code()) {
      case 0 -> {
        if (u32("bin") == 0xFFFF_FFFFL) {
          throw fail(specOffset, BIN_OUT_OF_RANGE, "bin ffffffff is libswift's 'none', not a bin");
        }
      }
      case 3 -> {
        if (i64("bin") == -1L) {
          throw fail(specOffset, BIN_OUT_OF_RANGE, "bin ffffffffffffffff is libswift's 'none', not a bin");
        }
      }
      case 2 -> requireOrdered(specOffset, u32("range start"), u32("range end"));
      case 1, 4 -> {
        long start = nonNegative(i64("range start"), specOffset);
        long rangeEnd = nonNegative(i64("range end"), specOffset + 8);
        requireOrdered(specOffset, start, rangeEnd);
      }
      default -> throw fail(specOffset, UNKNOWN_CHUNK_ADDRESSING,
          "chunk addressing method " + addressing.code() + " is unknown, so its chunk specs cannot be read");
    }
  }

  private long nonNegative(long value, int valueOffset) throws Failure {
    if (value < 0) {
      throw fail(valueOffset, VALUE_OUT_OF_RANGE, "value " + Long.toUnsignedString(value) + " is 2^63 or more");
    }
    return value;
  }

  private void requireOrdered(int specOffset, long start, long rangeEnd) throws Failure {
    if (start > rangeEnd) {
      throw fail(specOffset, INVERTED_RANGE, "range start " + start + " is after its end " + rangeEnd);
    }
  }

  // ---- bounds-checked reads; offsets in errors count from the start of the datagram ----

  private int offset() {
    return index - base;
  }

  private void need(int length, String field) throws Failure {
    if (end - index < length) {
      throw fail(offset(), TRUNCATED, field + " needs " + length + " bytes, " + (end - index) + " left");
    }
  }

  private void skip(int length, String field) throws Failure {
    need(length, field);
    index += length;
  }

  private int u8(String field) throws Failure {
    need(1, field);
    return buf.getUnsignedByte(index++);
  }

  private long u32(String field) throws Failure {
    need(4, field);
    long value = buf.getUnsignedInt(index);
    index += 4;
    return value;
  }

  private long i64(String field) throws Failure {
    need(8, field);
    long value = buf.getLong(index);
    index += 8;
    return value;
  }

  /** A 16-bit length, checked against the bytes left before anything is allocated. */
  private int length16(String field) throws Failure {
    int lengthOffset = offset();
    if (end - index < 2) {
      throw fail(lengthOffset, TRUNCATED, field + " length needs 2 bytes, " + (end - index) + " left");
    }
    int length = buf.getUnsignedShort(index);
    index += 2;
    if (length > end - index) {
      throw fail(lengthOffset, BAD_LENGTH, field + " length " + length + " exceeds the " + (end - index) + " bytes left");
    }
    return length;
  }

  private Bytes bytes(int length, String field) throws Failure {
    need(length, field);
    Bytes bytes = Bytes.copyOf(buf, index, length);
    index += length;
    return bytes;
  }

  private static Failure fail(int offset, DecodeError.Reason reason, String detail) {
    return new Failure(new DecodeError(offset, reason, detail));
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
