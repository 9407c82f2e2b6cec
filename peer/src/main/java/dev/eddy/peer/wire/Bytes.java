package dev.eddy.peer.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: swarm IDs, hashes, signatures, certificates. Copies on the way in and out
 * so a message value can never change under its holder.
 */
public final class Bytes {
  private static final HexFormat HEX = HexFormat.of();
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Bytes of(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Takes ownership of {@code bytes}: only for arrays nobody else holds (the decoder's copies). */
  static Bytes wrap(byte[] bytes) {
    return new Bytes(bytes);
  }

  /**
   * Parses lowercase or uppercase hex.
   *
   * @throws IllegalArgumentException if {@code hex} is not an even number of hex digits
   */
  public static Bytes fromHex(String hex) {
    return new Bytes(HEX.parseHex(hex));
  }

  /** Copies {@code length} bytes at absolute {@code index} without moving the buffer's indices. */
  public static Bytes copyOf(ByteBuf buf, int index, int length) {
    byte[] copy = new byte[length];
    buf.getBytes(index, copy);
    return new Bytes(copy);
  }

  public int length() {
    return bytes.length;
  }

  public byte get(int index) {
    return bytes[index];
  }

  public byte[] toByteArray() {
    return bytes.clone();
  }

  public void writeTo(ByteBuf out) {
    out.writeBytes(bytes);
  }

  /** Lowercase hex, as logs and {@code eddy inspect} print it. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
