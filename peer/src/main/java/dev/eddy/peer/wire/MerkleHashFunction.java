package dev.eddy.peer.wire;

/**
 * Merkle hash tree function, option 4 (RFC 7574 §7.6). The hash length of INTEGRITY messages follows
 * from it. Keeps unassigned codes; their hash length is unknown, so INTEGRITY cannot be decoded under
 * them.
 *
 * @param code the one-byte code, 0–255
 */
public record MerkleHashFunction(int code) {
  /** SHA-1, the default and the only function libswift accepts. */
  public static final MerkleHashFunction SHA1 = new MerkleHashFunction(0);
  public static final MerkleHashFunction SHA224 = new MerkleHashFunction(1);
  public static final MerkleHashFunction SHA256 = new MerkleHashFunction(2);
  public static final MerkleHashFunction SHA384 = new MerkleHashFunction(3);
  public static final MerkleHashFunction SHA512 = new MerkleHashFunction(4);

  private static final int[] LENGTHS = {20, 28, 32, 48, 64};
  private static final String[] JCA_NAMES = {"SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512"};
  private static final String[] NAMES = {"sha1", "sha224", "sha256", "sha384", "sha512"};

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

  /**
   * The function named {@code sha1}, {@code sha224}, ... (as the CLI takes it).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static MerkleHashFunction ofName(String name) {
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equalsIgnoreCase(name)) {
        return of(i);
      }
    }
    throw new IllegalArgumentException(
        "unknown hash function '" + name + "' (expected one of sha1, sha224, sha256, sha384, sha512)");
  }

  public boolean isKnown() {
    return code < LENGTHS.length;
  }

  /**
   * Length in bytes of one hash.
   *
   * @throws IllegalStateException for an unknown function
   */
  public int hashLength() {
    requireKnown();
    return LENGTHS[code];
  }

  /** The {@link java.security.MessageDigest} algorithm name. */
  public String jcaName() {
    requireKnown();
    return JCA_NAMES[code];
  }

  private void requireKnown() {
    if (!isKnown()) {
      throw new IllegalStateException("unknown Merkle hash function " + code);
    }
  }

  @Override
  public String toString() {
    return isKnown() ? NAMES[code] : "unknown(" + code + ")";
  }
}
