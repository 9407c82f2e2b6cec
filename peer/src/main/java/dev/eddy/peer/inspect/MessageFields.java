package dev.eddy.peer.inspect;

import dev.eddy.peer.pcap.Addresses;
import dev.eddy.peer.wire.Ack;
import dev.eddy.peer.wire.Channels;
import dev.eddy.peer.wire.ChunkSpec;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.HandshakeOptions;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.PexResCert;
import dev.eddy.peer.wire.PexResV4;
import dev.eddy.peer.wire.PexResV6;
import dev.eddy.peer.wire.ProtocolOption;
import dev.eddy.peer.wire.SignedIntegrity;
import java.net.InetSocketAddress;

/** The fields {@code eddy inspect} shows for each message type, after the common prefix. */
final class MessageFields {
  private MessageFields() {}

  static void add(Fields fields, Message message) {
    if (message instanceof Handshake handshake) {
      fields.put("source_channel", Channels.hex(handshake.sourceChannel()));
      fields.put("options", options(handshake.options()));
      return;
    }
    if (message instanceof Message.AboutChunks about) {
      spec(fields, about.spec());
    }
    if (message instanceof Data data) {
      fields.put("timestamp", data.timestamp()).put("length", data.payload().readableBytes());
    } else if (message instanceof Ack ack) {
      fields.put("delay", ack.delaySampleMicros());
    } else if (message instanceof Integrity integrity) {
      fields.put("hash", integrity.hash().hex());
    } else if (message instanceof SignedIntegrity signed) {
      fields.put("timestamp", signed.timestamp()).put("signature", signed.signature().hex());
    } else if (message instanceof PexResV4 pex) {
      fields.put("address", Addresses.format(new InetSocketAddress(pex.address(), pex.port())));
    } else if (message instanceof PexResV6 pex) {
      fields.put("address", Addresses.format(new InetSocketAddress(pex.address(), pex.port())));
    } else if (message instanceof PexResCert cert) {
      fields.put("length", cert.certificate().length());
    }
  }

  /** Start and end as on the wire (chunks, or bytes for byte ranges); bins add the bin number. */
  private static void spec(Fields fields, ChunkSpec spec) {
    if (spec instanceof ChunkSpec.Bin bin) {
      fields.put("start", bin.firstChunk(1)).put("end", bin.lastChunk(1)).putUnsigned("bin", bin.value());
    } else if (spec instanceof ChunkSpec.ChunkRange range) {
      fields.put("start", range.start()).put("end", range.end());
    } else {
      ChunkSpec.ByteRange range = (ChunkSpec.ByteRange) spec;
      fields.put("start", range.start()).put("end", range.end());
    }
  }

  private static Fields options(HandshakeOptions options) {
    Fields fields = new Fields();
    for (ProtocolOption option : options.order()) {
      String key = option.key();
      switch (option) {
        case VERSION -> fields.put(key, options.version().getAsInt());
        case MINIMUM_VERSION -> fields.put(key, options.minimumVersion().getAsInt());
        case SWARM_ID -> fields.put(key, options.swarmId().orElseThrow().hex());
        case CONTENT_INTEGRITY_PROTECTION_METHOD -> fields.put(key, options.contentIntegrity().orElseThrow().code());
        case MERKLE_HASH_TREE_FUNCTION -> fields.put(key, options.merkleHashFunction().orElseThrow().code());
        case LIVE_SIGNATURE_ALGORITHM -> fields.put(key, options.liveSignatureAlgorithm().orElseThrow().code());
        case CHUNK_ADDRESSING_METHOD -> fields.put(key, options.chunkAddressing().orElseThrow().code());
        case LIVE_DISCARD_WINDOW -> fields.putUnsigned(key, options.liveDiscardWindow().getAsLong());
        case SUPPORTED_MESSAGES -> fields.put(key, options.supportedMessages().orElseThrow().bitmap().hex());
        case CHUNK_SIZE -> fields.put(key, options.chunkSize().getAsLong());
        case END_OPTION -> throw new AssertionError("the option order never holds the end option");
      }
    }
    return fields;
  }
}
