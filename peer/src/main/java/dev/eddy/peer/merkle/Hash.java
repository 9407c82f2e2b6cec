package dev.eddy.peer.merkle;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One hash value (a tree node, a root hash = swarm ID, a peak or uncle hash). Immutable: the bytes are
 * copied in and out.
 */
public final class Hash {
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A hash holding a copy of {@code bytes}. */
  public static Hash of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /** A hash holding a copy of {@code length} bytes of {@code source} from {@code offset}. */
  public static Hash of(byte[] source, int offset, int length) {
    if (length <= 0) {
      throw new IllegalArgumentException("a hash has at least one byte");
    }
    return new Hash(Arrays.copyOfRange(source, offset, offset + length));
  }

  /** Parses lower- or upper-case hex; throws {@link IllegalArgumentException} on anything else. */
  public static Hash fromHex(String hex) {
    if (hex.isEmpty() || hex.length() % 2 != 0) {
      throw new IllegalArgumentException("not a hash: '" + hex + "' (need an even number of hex digits)");
    }
    try {
      return new Hash(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hash: '" + hex + "' (only hex digits allowed)", e);
    }
  }

  /** The all-zero hash of an empty subtree. */
  public static Hash zero(HashFunction function) {
    return new Hash(new byte[function.length()]);
  }

  public int length() {
    return bytes.length;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** Copies the bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  public String toHex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
