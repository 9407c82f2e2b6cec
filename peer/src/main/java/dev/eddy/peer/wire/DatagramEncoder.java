package dev.eddy.peer.wire;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Encodes datagrams and messages into a {@link ByteBuf}, the exact inverse of {@link DatagramDecoder}:
 * decoding then encoding under the same context gives back the same bytes. Like the decoder it carries
 * the context forward past a HANDSHAKE. Values that cannot be sent under the context (a range under bin
 * addressing, a hash of the wrong length, a number too wide) are programming errors and throw
 * {@link IllegalArgumentException} before anything is written for that message.
 */
public final class DatagramEncoder {
  private DatagramEncoder() {}

  /**
   * Writes {@code datagram} at the writer index of {@code out}.
   *
   * @return the context after the datagram (changed by any HANDSHAKE in it)
   */
  public static DecodingContext encode(Datagram datagram, DecodingContext context, ByteBuf out) {
    checkAll(datagram.messages(), context);
    out.writeInt((int) datagram.channel());
    DecodingContext current = context;
    List<Message> messages = datagram.messages();
    for (int i = 0; i < messages.size(); i++) { // indexed: no iterator per datagram sent
      current = writeMessage(messages.get(i), current, out);
    }
    return current;
  }

  /** Bytes {@code datagram} takes on the wire under {@code context}. */
  public static int encodedLength(Datagram datagram, DecodingContext context) {
    int length = Datagram.HEADER_LENGTH;
    DecodingContext current = context;
    List<Message> messages = datagram.messages();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      length += encodedLength(message, current);
      current = contextAfter(message, current);
    }
    return length;
  }

  /**
   * Bytes {@code message} takes on the wire under {@code context}, type byte included: what a sender
   * adds up to pack messages into datagrams that fit the MTU.
   */
  public static int encodedLength(Message message, DecodingContext context) {
    check(message, context);
    return 1 + switch (message.type()) {
      case HANDSHAKE -> 4 + optionsLength(((Handshake) message).options(), context) + 1;
      case DATA -> specWidth(context) + 8 + ((Data) message).payload().readableBytes();
      case ACK -> specWidth(context) + 8;
      case HAVE, REQUEST, CANCEL -> specWidth(context);
      case INTEGRITY -> specWidth(context) + ((Integrity) message).hash().length();
      case SIGNED_INTEGRITY -> specWidth(context) + 8 + ((SignedIntegrity) message).signature().length();
      case PEX_RESv4 -> 4 + 2;
      case PEX_RESv6 -> 16 + 2;
      case PEX_REScert -> 2 + ((PexResCert) message).certificate().length();
      case PEX_REQ, CHOKE, UNCHOKE -> 0;
    };
  }

  /**
   * Writes one message (type byte first) at the writer index of {@code out}; the caller writes the
   * channel ID first and keeps DATA last.
   *
   * @return the context for the messages after it
   */
  public static DecodingContext encodeMessage(Message message, DecodingContext context, ByteBuf out) {
    check(message, context);
    return writeMessage(message, context, out);
  }

  /** The context for the messages that follow {@code message} in the same datagram. */
  public static DecodingContext contextAfter(Message message, DecodingContext context) {
    return message instanceof Handshake handshake ? context.afterHandshake(handshake.options()) : context;
  }

  private static DecodingContext writeMessage(Message message, DecodingContext context, ByteBuf out) {
    out.writeByte(message.type().code());
    switch (message.type()) {
      case HANDSHAKE -> {
        Handshake handshake = (Handshake) message;
        // 00 <source channel:4> (<option code> <value>)* ff
        out.writeInt((int) handshake.sourceChannel());
        writeOptions(handshake.options(), context, out);
        out.writeByte(ProtocolOption.END_OPTION.code());
      }
      case DATA -> {
        Data data = (Data) message;
        // 01 <spec> <timestamp:8> <payload to the end>
        writeSpec(data.spec(), context, out);
        out.writeLong(data.timestamp());
        out.writeBytes(data.payload(), data.payload().readerIndex(), data.payload().readableBytes());
      }
      case ACK -> {
        Ack ack = (Ack) message;
        // 02 <spec> <delay sample:8>
        writeSpec(ack.spec(), context, out);
        out.writeLong(ack.delaySampleMicros());
      }
      // 03 / 08 / 09 <spec>
      case HAVE, REQUEST, CANCEL -> writeSpec(((Message.AboutChunks) message).spec(), context, out);
      case INTEGRITY -> {
        Integrity integrity = (Integrity) message;
        // 04 <spec> <hash>
        writeSpec(integrity.spec(), context, out);
        integrity.hash().writeTo(out);
      }
      case SIGNED_INTEGRITY -> {
        SignedIntegrity signed = (SignedIntegrity) message;
        // 07 <spec> <timestamp:8> <signature>
        writeSpec(signed.spec(), context, out);
        out.writeLong(signed.timestamp());
        signed.signature().writeTo(out);
      }
      case PEX_RESv4 -> {
        PexResV4 pex = (PexResV4) message;
        // 05 <ipv4:4> <port:2>
        out.writeBytes(pex.address().getAddress());
        out.writeShort(pex.port());
      }
      case PEX_RESv6 -> {
        PexResV6 pex = (PexResV6) message;
        // 0c <ipv6:16> <port:2>
        out.writeBytes(pex.address().getAddress());
        out.writeShort(pex.port());
      }
      case PEX_REScert -> {
        Bytes certificate = ((PexResCert) message).certificate();
        // 0d <length:2> <certificate>
        out.writeShort(certificate.length());
        certificate.writeTo(out);
      }
      case PEX_REQ, CHOKE, UNCHOKE -> {
        // the type byte is the whole message
      }
    }
    return contextAfter(message, context);
  }

  private static void writeOptions(HandshakeOptions options, DecodingContext context, ByteBuf out) {
    for (ProtocolOption option : options.order()) {
      out.writeByte(option.code());
      switch (option) {
        case VERSION -> out.writeByte(options.version().getAsInt());
        case MINIMUM_VERSION -> out.writeByte(options.minimumVersion().getAsInt());
        case SWARM_ID -> {
          Bytes swarmId = options.swarmId().orElseThrow();
          out.writeShort(swarmId.length());
          swarmId.writeTo(out);
        }
        case CONTENT_INTEGRITY_PROTECTION_METHOD -> out.writeByte(options.contentIntegrity().orElseThrow().code());
        case MERKLE_HASH_TREE_FUNCTION -> out.writeByte(options.merkleHashFunction().orElseThrow().code());
        case LIVE_SIGNATURE_ALGORITHM -> out.writeByte(options.liveSignatureAlgorithm().orElseThrow().code());
        case CHUNK_ADDRESSING_METHOD -> out.writeByte(options.chunkAddressing().orElseThrow().code());
        case LIVE_DISCARD_WINDOW -> {
          long window = options.liveDiscardWindow().getAsLong();
          if (liveDiscardWindowWidth(options, context) == 4) {
            out.writeInt((int) window);
          } else {
            out.writeLong(window);
          }
        }
        case SUPPORTED_MESSAGES -> {
          Bytes bitmap = options.supportedMessages().orElseThrow().bitmap();
          out.writeByte(bitmap.length());
          bitmap.writeTo(out);
        }
        case CHUNK_SIZE -> out.writeInt((int) options.chunkSize().getAsLong());
        case END_OPTION -> throw new AssertionError("the option order never holds the end option");
      }
    }
  }

  private static int optionsLength(HandshakeOptions options, DecodingContext context) {
    int length = 0;
    for (ProtocolOption option : options.order()) {
      length += 1 + switch (option) {
        case VERSION, MINIMUM_VERSION, CONTENT_INTEGRITY_PROTECTION_METHOD, MERKLE_HASH_TREE_FUNCTION,
            LIVE_SIGNATURE_ALGORITHM, CHUNK_ADDRESSING_METHOD -> 1;
        case SWARM_ID -> 2 + options.swarmId().orElseThrow().length();
        case LIVE_DISCARD_WINDOW -> liveDiscardWindowWidth(options, context);
        case SUPPORTED_MESSAGES -> 1 + options.supportedMessages().orElseThrow().bitmap().length();
        case CHUNK_SIZE -> 4;
        case END_OPTION -> 0;
      };
    }
    return length;
  }

  /**
   * The live discard window is as wide as one chunk-spec value under the addressing announced before
   * it in the same handshake, else the channel's: the decoder reads it the same way.
   */
  private static int liveDiscardWindowWidth(HandshakeOptions options, DecodingContext context) {
    List<ProtocolOption> order = options.order();
    int addressingAt = order.indexOf(ProtocolOption.CHUNK_ADDRESSING_METHOD);
    boolean announcedBefore = addressingAt >= 0 && addressingAt < order.indexOf(ProtocolOption.LIVE_DISCARD_WINDOW);
    ChunkAddressing addressing = announcedBefore ? options.chunkAddressing().orElseThrow() : context.chunkAddressing();
    if (!addressing.isKnown()) {
      throw new IllegalArgumentException("live discard window under unknown chunk addressing " + addressing.code());
    }
    return addressing.valueWidth();
  }

  private static int specWidth(DecodingContext context) {
    return context.chunkAddressing().specWidth();
  }

  private static void writeSpec(ChunkSpec spec, DecodingContext context, ByteBuf out) {
    ChunkAddressing addressing = context.chunkAddressing();
    if (spec instanceof ChunkSpec.Bin bin) {
      if (addressing.valueWidth() == 4) {
        out.writeInt((int) bin.value());
      } else {
        out.writeLong(bin.value());
      }
    } else if (spec instanceof ChunkSpec.ChunkRange range) {
      writeValue(range.start(), addressing, out);
      writeValue(range.end(), addressing, out);
    } else {
      ChunkSpec.ByteRange range = (ChunkSpec.ByteRange) spec;
      out.writeLong(range.start());
      out.writeLong(range.end());
    }
  }

  private static void writeValue(long value, ChunkAddressing addressing, ByteBuf out) {
    if (addressing.valueWidth() == 4) {
      out.writeInt((int) value);
    } else {
      out.writeLong(value);
    }
  }

  private static void checkAll(List<Message> messages, DecodingContext context) {
    DecodingContext current = context;
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      check(message, current);
      current = contextAfter(message, current);
    }
  }

  /** Everything that could make a message unencodable under {@code context}, checked before writing. */
  private static void check(Message message, DecodingContext context) {
    if (message instanceof Message.AboutChunks about) {
      if (!context.chunkAddressing().isKnown()) {
        throw new IllegalArgumentException("cannot send chunk specs under unknown " + context.chunkAddressing());
      }
      context.chunkAddressing().requireFits(about.spec());
    }
    if (message instanceof Integrity integrity) {
      int expected = context.hashLength().orElseThrow(
          () -> new IllegalArgumentException("hash length unknown under " + context.merkleHashFunction()));
      if (integrity.hash().length() != expected) {
        throw new IllegalArgumentException(
            "hash of " + integrity.hash().length() + " bytes under " + context.merkleHashFunction() + " (" + expected + ")");
      }
    } else if (message instanceof SignedIntegrity signed) {
      if (signed.signature().length() != context.signatureLength()) {
        throw new IllegalArgumentException("signature of " + signed.signature().length()
            + " bytes, but the channel's signature length is " + context.signatureLength());
      }
    } else if (message instanceof Handshake handshake) {
      HandshakeOptions options = handshake.options();
      if (options.has(ProtocolOption.LIVE_DISCARD_WINDOW)
          && liveDiscardWindowWidth(options, context) == 4
          && (options.liveDiscardWindow().getAsLong() >>> 32) != 0) {
        throw new IllegalArgumentException("live discard window does not fit 32 bits");
      }
    }
  }
}
