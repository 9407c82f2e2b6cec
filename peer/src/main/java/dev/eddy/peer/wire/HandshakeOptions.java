package dev.eddy.peer.wire;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The protocol options of one HANDSHAKE (RFC 7574 §7), each present at most once, in the order they
 * appeared on the wire ({@link #order}), so a decoded handshake re-encodes to identical bytes. The end
 * option is implicit. Build new option lists from {@link #NONE} with the {@code with...} methods, which
 * append in call order:
 *
 * <pre>{@code
 * HandshakeOptions.NONE.withVersion(1).withMinimumVersion(1).withSwarmId(root)
 *     .withContentIntegrity(ContentIntegrity.MERKLE_HASH_TREE)
 *     .withMerkleHashFunction(MerkleHashFunction.SHA1)
 *     .withChunkAddressing(ChunkAddressing.CHUNK_RANGES_32)
 * }</pre>
 *
 * @param order options present, in wire order, without the end option
 * @param liveDiscardWindow raw unsigned value (all ones: the peer never discards, §7.7)
 * @param chunkSize raw unsigned 32-bit value; {@link #VARIABLE_CHUNK_SIZE} means variable-size chunks
 */
public record HandshakeOptions(
    List<ProtocolOption> order,
    OptionalInt version,
    OptionalInt minimumVersion,
    Optional<Bytes> swarmId,
    Optional<ContentIntegrity> contentIntegrity,
    Optional<MerkleHashFunction> merkleHashFunction,
    Optional<LiveSignatureAlgorithm> liveSignatureAlgorithm,
    Optional<ChunkAddressing> chunkAddressing,
    OptionalLong liveDiscardWindow,
    Optional<SupportedMessages> supportedMessages,
    OptionalLong chunkSize) {

  /** No options: the close handshake carries only the end option. */
  public static final HandshakeOptions NONE =
      new HandshakeOptions(
          List.of(),
          OptionalInt.empty(),
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          OptionalLong.empty(),
          Optional.empty(),
          OptionalLong.empty());

  /** Chunk size option value for variable-size chunks (§7.10). */
  public static final long VARIABLE_CHUNK_SIZE = 0xFFFF_FFFFL;

  /** Largest swarm ID; the length field is 16 bits. */
  public static final int MAX_SWARM_ID_LENGTH = 0xFFFF;

  public HandshakeOptions {
    order = List.copyOf(order);
    EnumSet<ProtocolOption> present = EnumSet.noneOf(ProtocolOption.class);
    for (ProtocolOption option : order) {
      if (option == ProtocolOption.END_OPTION || !present.add(option)) {
        throw new IllegalArgumentException("option order must list each option once, without end: " + order);
      }
    }
    requireByte("version", version);
    requireByte("minimum version", minimumVersion);
    swarmId.ifPresent(
        id -> {
          if (id.length() > MAX_SWARM_ID_LENGTH) {
            throw new IllegalArgumentException("swarm ID longer than 65535 bytes");
          }
        });
    chunkSize.ifPresent(
        size -> {
          if (size <= 0 || size > VARIABLE_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be 1..2^32-1: " + size);
          }
        });
    requirePresence(present, ProtocolOption.VERSION, version.isPresent());
    requirePresence(present, ProtocolOption.MINIMUM_VERSION, minimumVersion.isPresent());
    requirePresence(present, ProtocolOption.SWARM_ID, swarmId.isPresent());
    requirePresence(present, ProtocolOption.CONTENT_INTEGRITY_PROTECTION_METHOD, contentIntegrity.isPresent());
    requirePresence(present, ProtocolOption.MERKLE_HASH_TREE_FUNCTION, merkleHashFunction.isPresent());
    requirePresence(present, ProtocolOption.LIVE_SIGNATURE_ALGORITHM, liveSignatureAlgorithm.isPresent());
    requirePresence(present, ProtocolOption.CHUNK_ADDRESSING_METHOD, chunkAddressing.isPresent());
    requirePresence(present, ProtocolOption.LIVE_DISCARD_WINDOW, liveDiscardWindow.isPresent());
    requirePresence(present, ProtocolOption.SUPPORTED_MESSAGES, supportedMessages.isPresent());
    requirePresence(present, ProtocolOption.CHUNK_SIZE, chunkSize.isPresent());
  }

  private static void requireByte(String what, OptionalInt value) {
    if (value.isPresent() && (value.getAsInt() < 0 || value.getAsInt() > 255)) {
      throw new IllegalArgumentException(what + " must fit one byte: " + value.getAsInt());
    }
  }

  private static void requirePresence(EnumSet<ProtocolOption> order, ProtocolOption option, boolean present) {
    if (order.contains(option) != present) {
      throw new IllegalArgumentException(option + (present ? " is set but missing from" : " is listed in") + " the option order");
    }
  }

  public boolean isEmpty() {
    return order.isEmpty();
  }

  public boolean has(ProtocolOption option) {
    return order.contains(option);
  }

  public HandshakeOptions withVersion(int value) {
    return edit(ProtocolOption.VERSION, e -> e.version = OptionalInt.of(value));
  }

  public HandshakeOptions withMinimumVersion(int value) {
    return edit(ProtocolOption.MINIMUM_VERSION, e -> e.minimumVersion = OptionalInt.of(value));
  }

  public HandshakeOptions withSwarmId(Bytes value) {
    return edit(ProtocolOption.SWARM_ID, e -> e.swarmId = Optional.of(value));
  }

  public HandshakeOptions withContentIntegrity(ContentIntegrity value) {
    return edit(ProtocolOption.CONTENT_INTEGRITY_PROTECTION_METHOD, e -> e.contentIntegrity = Optional.of(value));
  }

  public HandshakeOptions withMerkleHashFunction(MerkleHashFunction value) {
    return edit(ProtocolOption.MERKLE_HASH_TREE_FUNCTION, e -> e.merkleHashFunction = Optional.of(value));
  }

  public HandshakeOptions withLiveSignatureAlgorithm(LiveSignatureAlgorithm value) {
    return edit(ProtocolOption.LIVE_SIGNATURE_ALGORITHM, e -> e.liveSignatureAlgorithm = Optional.of(value));
  }

  public HandshakeOptions withChunkAddressing(ChunkAddressing value) {
    return edit(ProtocolOption.CHUNK_ADDRESSING_METHOD, e -> e.chunkAddressing = Optional.of(value));
  }

  /** The live discard window; RFC 7574 §7.7 wants chunk addressing announced before it. */
  public HandshakeOptions withLiveDiscardWindow(long value) {
    return edit(ProtocolOption.LIVE_DISCARD_WINDOW, e -> e.liveDiscardWindow = OptionalLong.of(value));
  }

  public HandshakeOptions withSupportedMessages(SupportedMessages value) {
    return edit(ProtocolOption.SUPPORTED_MESSAGES, e -> e.supportedMessages = Optional.of(value));
  }

  public HandshakeOptions withChunkSize(long value) {
    return edit(ProtocolOption.CHUNK_SIZE, e -> e.chunkSize = OptionalLong.of(value));
  }

  /** A copy with one option set: appended to the order if new, kept in place if replaced. */
  private HandshakeOptions edit(ProtocolOption option, Consumer<Editor> change) {
    Editor editor = new Editor(this);
    if (!editor.order.contains(option)) {
      editor.order.add(option);
    }
    change.accept(editor);
    return editor.build();
  }

  /** Scratch copy of the fields, confined to {@link #edit}; the result is validated by the constructor. */
  private static final class Editor {
    final List<ProtocolOption> order;
    OptionalInt version;
    OptionalInt minimumVersion;
    Optional<Bytes> swarmId;
    Optional<ContentIntegrity> contentIntegrity;
    Optional<MerkleHashFunction> merkleHashFunction;
    Optional<LiveSignatureAlgorithm> liveSignatureAlgorithm;
    Optional<ChunkAddressing> chunkAddressing;
    OptionalLong liveDiscardWindow;
    Optional<SupportedMessages> supportedMessages;
    OptionalLong chunkSize;

    Editor(HandshakeOptions from) {
      order = new ArrayList<>(from.order);
      version = from.version;
      minimumVersion = from.minimumVersion;
      swarmId = from.swarmId;
      contentIntegrity = from.contentIntegrity;
      merkleHashFunction = from.merkleHashFunction;
      liveSignatureAlgorithm = from.liveSignatureAlgorithm;
      chunkAddressing = from.chunkAddressing;
      liveDiscardWindow = from.liveDiscardWindow;
      supportedMessages = from.supportedMessages;
      chunkSize = from.chunkSize;
    }

    HandshakeOptions build() {
      return new HandshakeOptions(order, version, minimumVersion, swarmId, contentIntegrity, merkleHashFunction,
          liveSignatureAlgorithm, chunkAddressing, liveDiscardWindow, supportedMessages, chunkSize);
    }
  }
}
