package dev.eddy.peer.wire;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How one side of a channel writes its messages, as its HANDSHAKE announced (options describe their sender,
 * so the two directions of a channel may differ): chunk addressing (the shape of every chunk spec and the
 * width of the live discard window), the Merkle hash function (the INTEGRITY hash length), the live
 * signature algorithm and signature length (SIGNED_INTEGRITY), and the chunk size (to turn byte ranges into
 * chunks; libswift never sends it, so it is agreed out of band).
 * Immutable: {@link #afterHandshake} gives the context a HANDSHAKE's options lead to, and both codec
 * directions carry it forward within a datagram (a seeder's reply is HANDSHAKE then HAVEs that already
 * use the options it announces).
 *
 * @param signatureLength bytes of a SIGNED_INTEGRITY signature, or {@link #UNKNOWN_LENGTH} when the
 *     algorithm does not fix it and the peer has not set it from the swarm's key
 * @param chunkSize bytes per chunk, positive
 */
public record DecodingContext(
    ChunkAddressing chunkAddressing,
    MerkleHashFunction merkleHashFunction,
    LiveSignatureAlgorithm liveSignatureAlgorithm,
    int signatureLength,
    int chunkSize) {

  public static final int UNKNOWN_LENGTH = -1;
  public static final int DEFAULT_CHUNK_SIZE = 1024;

  /**
   * RFC 7574's defaults, which are also libswift's: 32-bit chunk ranges, SHA-1, ECDSA P-256, 1 KiB
   * chunks.
   */
  public static final DecodingContext DEFAULT =
      new DecodingContext(
          ChunkAddressing.CHUNK_RANGES_32,
          MerkleHashFunction.SHA1,
          LiveSignatureAlgorithm.ECDSAP256SHA256,
          64,
          DEFAULT_CHUNK_SIZE);

  public DecodingContext {
    Objects.requireNonNull(chunkAddressing, "chunkAddressing");
    Objects.requireNonNull(merkleHashFunction, "merkleHashFunction");
    Objects.requireNonNull(liveSignatureAlgorithm, "liveSignatureAlgorithm");
    if (signatureLength < UNKNOWN_LENGTH || signatureLength > 0xFFFF) {
      throw new IllegalArgumentException("bad signature length " + signatureLength);
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
    }
  }

  /** INTEGRITY hash length, empty under an unknown hash function. */
  public OptionalInt hashLength() {
    return merkleHashFunction.isKnown()
        ? OptionalInt.of(merkleHashFunction.hashLength())
        : OptionalInt.empty();
  }

  /**
   * The single chunk specification for chunks {@code firstChunk..lastChunk} under this context's
   * addressing and chunk size; see {@link ChunkAddressing#specFor}.
   */
  public ChunkSpec specFor(long firstChunk, long lastChunk) {
    return chunkAddressing.specFor(firstChunk, lastChunk, chunkSize);
  }

  /** The fewest chunk specifications naming chunks {@code firstChunk..lastChunk}; see {@link ChunkAddressing#cover}. */
  public List<ChunkSpec> cover(long firstChunk, long lastChunk) {
    return chunkAddressing.cover(firstChunk, lastChunk, chunkSize);
  }

  /** Live discard window width in bytes (4 or 8), empty under an unknown chunk addressing method. */
  public OptionalInt liveDiscardWindowWidth() {
    return chunkAddressing.isKnown()
        ? OptionalInt.of(chunkAddressing.valueWidth())
        : OptionalInt.empty();
  }

  /**
   * The context after a HANDSHAKE with these options: each option present replaces the current value.
   * A new signature algorithm with a fixed signature length sets that length; one whose length depends
   * on the key (RSA) takes it from the swarm ID in the same options (the key's modulus length), or
   * leaves it {@link #UNKNOWN_LENGTH} until {@link #withSignatureLength}. The chunk size
   * option changes the chunk size unless it says "variable".
   */
  public DecodingContext afterHandshake(HandshakeOptions options) {
    if (options.isEmpty()) {
      return this;
    }
    LiveSignatureAlgorithm algorithm = options.liveSignatureAlgorithm().orElse(liveSignatureAlgorithm);
    int newSignatureLength =
        algorithm.equals(liveSignatureAlgorithm)
            ? signatureLength
            : algorithm.fixedSignatureLength().orElse(UNKNOWN_LENGTH);
    if (algorithm.isRsa() && options.swarmId().isPresent()) {
      // An RSA live swarm's ID is its key: the modulus length is the signature length.
      newSignatureLength = LiveSignatureAlgorithm.signatureLengthOf(options.swarmId().get()).orElse(newSignatureLength);
    }
    long size = options.chunkSize().orElse(chunkSize);
    return new DecodingContext(
        options.chunkAddressing().orElse(chunkAddressing),
        options.merkleHashFunction().orElse(merkleHashFunction),
        algorithm,
        newSignatureLength,
        size > 0 && size <= Integer.MAX_VALUE ? (int) size : chunkSize);
  }

  public DecodingContext withChunkAddressing(ChunkAddressing value) {
    return new DecodingContext(value, merkleHashFunction, liveSignatureAlgorithm, signatureLength, chunkSize);
  }

  public DecodingContext withMerkleHashFunction(MerkleHashFunction value) {
    return new DecodingContext(chunkAddressing, value, liveSignatureAlgorithm, signatureLength, chunkSize);
  }

  /** Sets the algorithm and its fixed signature length (or unknown, for RSA). */
  public DecodingContext withLiveSignatureAlgorithm(LiveSignatureAlgorithm value) {
    return new DecodingContext(
        chunkAddressing, merkleHashFunction, value, value.fixedSignatureLength().orElse(UNKNOWN_LENGTH), chunkSize);
  }

  /** Sets the signature length, e.g. the RSA modulus length of the swarm's public key. */
  public DecodingContext withSignatureLength(int value) {
    return new DecodingContext(chunkAddressing, merkleHashFunction, liveSignatureAlgorithm, value, chunkSize);
  }

  public DecodingContext withChunkSize(int value) {
    return new DecodingContext(chunkAddressing, merkleHashFunction, liveSignatureAlgorithm, signatureLength, value);
  }
}
