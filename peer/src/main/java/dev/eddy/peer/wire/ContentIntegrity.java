package dev.eddy.peer.wire;

/**
 * Content integrity protection method, option 3 (RFC 7574 §7.5). Keeps unassigned codes.
 *
 * @param code the one-byte code, 0–255
 */
public record ContentIntegrity(int code) {
  public static final ContentIntegrity NONE = new ContentIntegrity(0);
  /** Merkle hash tree: the default for static content, and what libswift uses. */
  public static final ContentIntegrity MERKLE_HASH_TREE = new ContentIntegrity(1);
  public static final ContentIntegrity SIGN_ALL = new ContentIntegrity(2);
  /** Unified Merkle tree: the default for live content. */
  public static final ContentIntegrity UNIFIED_MERKLE_TREE = new ContentIntegrity(3);

  public ContentIntegrity {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("content integrity code must fit one byte: " + code);
    }
  }

  /** The constant for a known code, or a value that keeps an unknown code. */
  public static ContentIntegrity of(int code) {
    return switch (code) {
      case 0 -> NONE;
      case 1 -> MERKLE_HASH_TREE;
      case 2 -> SIGN_ALL;
      case 3 -> UNIFIED_MERKLE_TREE;
      default -> new ContentIntegrity(code);
    };
  }

  public boolean isKnown() {
    return code <= 3;
  }

  @Override
  public String toString() {
    return switch (code) {
      case 0 -> "none";
      case 1 -> "merkle";
      case 2 -> "sign-all";
      case 3 -> "unified-merkle";
      default -> "unknown(" + code + ")";
    };
  }
}
