package dev.eddy.peer.wire;

import dev.eddy.peer.merkle.HashFunction;
import java.util.Optional;

/**
 * Merkle hash tree function, option 4 (RFC 7574 §7.6). The hash length of INTEGRITY messages follows
 * from it. Keeps unassigned codes; their hash length is unknown, so INTEGRITY cannot be decoded under
 * them. The facts about each assigned code (name, length, JCA algorithm) live in {@link HashFunction}.
 *
 * @param code the one-byte code, 0–255
 */
public record MerkleHashFunction(int code) {
  /** SHA-1, the default and the only function libswift accepts. */
  public static final MerkleHashFunction SHA1 = new MerkleHashFunction(HashFunction.SHA1.code());
  public static final MerkleHashFunction SHA224 = new MerkleHashFunction(HashFunction.SHA224.code());
  public static final MerkleHashFunction SHA256 = new MerkleHashFunction(HashFunction.SHA256.code());
  public static final MerkleHashFunction SHA384 = new MerkleHashFunction(HashFunction.SHA384.code());
  public static final MerkleHashFunction SHA512 = new MerkleHashFunction(HashFunction.SHA512.code());

  public MerkleHashFunction {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("hash function code must fit one byte: " + code);
    }
  }

  /** The constant for a known code, or a value that keeps an unknown code. */
  public static MerkleHashFunction of(int code) {
    return switch (code) {
      case 0 -> SHA1;
      case 1 -> SHA224;
      case 2 -> SHA256;
      case 3 -> SHA384;
      case 4 -> SHA512;
      default -> new MerkleHashFunction(code);
    };
  }

  /** The function this code names, empty for codes RFC 7574 does not assign. */
  public Optional<HashFunction> known() {
    return HashFunction.fromCode(code);
  }

  public boolean isKnown() {
    return known().isPresent();
  }

  /**
   * Length in bytes of one hash.
   *
   * @throws IllegalStateException for an unknown function
   */
  public int hashLength() {
    return requireKnown().length();
  }

  private HashFunction requireKnown() {
    return known().orElseThrow(() -> new IllegalStateException("unknown Merkle hash function " + code));
  }

  @Override
  public String toString() {
    return known().map(HashFunction::cliName).orElse("unknown(" + code + ")");
  }
}
