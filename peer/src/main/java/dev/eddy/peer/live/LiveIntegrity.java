package dev.eddy.peer.live;

import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.wire.ContentIntegrity;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How a live stream's chunks are proven (RFC 7574 §6.1), shared by the source and the leechers: the signed
 * unit a chunk belongs to (its munro under the unified Merkle tree, the chunk itself under sign all), the
 * SHA-1 hashes of the tree, and the bytes a signature covers.
 *
 * <p>The RFC signs the munro's chunk specification, the timestamp and the munro hash; libswift (2015) signs
 * the munro hash alone. A source signs one or the other ({@code libswiftSignatures}); a leecher accepts
 * either, since both come from the holder of the private key.
 *
 * @param method {@link ContentIntegrity#UNIFIED_MERKLE_TREE} or {@link ContentIntegrity#SIGN_ALL}
 * @param chunksPerSignature chunks under one signature: a power of two, 1 for sign all
 */
public record LiveIntegrity(ContentIntegrity method, int chunksPerSignature, boolean libswiftSignatures) {
  /** libswift's NCHUNKS_PER_SIG. */
  public static final int DEFAULT_CHUNKS_PER_SIGNATURE = 32;
  public static final int HASH_LENGTH = 20;
  private static final byte[] EMPTY = new byte[HASH_LENGTH];

  public LiveIntegrity {
    if (!method.equals(ContentIntegrity.UNIFIED_MERKLE_TREE) && !method.equals(ContentIntegrity.SIGN_ALL)) {
      throw new IllegalArgumentException("a live stream uses the unified Merkle tree (3) or sign all (2), not " + method);
    }
    if (method.equals(ContentIntegrity.SIGN_ALL)) {
      chunksPerSignature = 1;
    } else if (chunksPerSignature < 2 || Integer.bitCount(chunksPerSignature) != 1 || chunksPerSignature > 1 << 20) {
      throw new IllegalArgumentException("chunks per signature must be a power of two from 2 to 2^20, got " + chunksPerSignature);
    }
  }

  public boolean signsAll() {
    return method.equals(ContentIntegrity.SIGN_ALL);
  }

  /** The bin of the signed unit holding {@code chunk}. */
  public long unitOf(long chunk) {
    int layer = Integer.numberOfTrailingZeros(chunksPerSignature);
    return Bin.of(layer, chunk >>> layer);
  }

  /**
   * What the signature of a unit covers: for sign all, the chunk's 32-bit chunk range, the timestamp and the
   * chunk; for the unified Merkle tree, the munro's chunk range, the timestamp and the munro hash (RFC
   * 7574 §6.1.2.2), or, for libswift, the munro hash alone.
   */
  public byte[] plaintext(long unit, long timestamp, byte[] hashOrChunk, boolean libswiftForm) {
    if (libswiftForm && !signsAll()) {
      return hashOrChunk.clone();
    }
    return ByteBuffer.allocate(16 + hashOrChunk.length)
        .putInt((int) Bin.firstChunk(unit)).putInt((int) Bin.lastChunk(unit)).putLong(timestamp).put(hashOrChunk).array();
  }

  /** The plaintext this source signs. */
  public byte[] plaintextToSign(long unit, long timestamp, byte[] hashOrChunk) {
    return plaintext(unit, timestamp, hashOrChunk, libswiftSignatures);
  }

  public static byte[] leafHash(byte[] chunk) {
    return sha1().digest(chunk);
  }

  /** A parent's hash; a subtree holding no chunk at all hashes to zeros, as in static trees. */
  public static byte[] parentHash(byte[] left, byte[] right) {
    MessageDigest d = sha1();
    d.update(left);
    d.update(right);
    return d.digest();
  }

  /** The hash of an empty subtree (beyond the last chunk of a stream that ended). */
  public static byte[] emptyHash() {
    return EMPTY.clone();
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
