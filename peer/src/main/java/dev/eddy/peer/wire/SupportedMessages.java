package dev.eddy.peer.wire;

import java.util.EnumSet;
import java.util.Set;

/**
 * Supported messages, option 8 (RFC 7574 §7.10): a bitmap where bit X, counted from the most significant
 * bit of the first byte, says message type X is supported, truncated after its last non-zero byte. The
 * bitmap is kept as sent (at most 32 bytes), so a decoded handshake re-encodes to the same bytes.
 *
 * @param bitmap the compressed bitmap as on the wire
 */
public record SupportedMessages(Bytes bitmap) {
  /** 256 message types at most. */
  public static final int MAX_BITMAP_LENGTH = 32;

  public SupportedMessages {
    if (bitmap.length() > MAX_BITMAP_LENGTH) {
      throw new IllegalArgumentException("supported-messages bitmap longer than 32 bytes");
    }
  }

  /** The compressed bitmap for exactly these types. */
  public static SupportedMessages of(Set<MessageType> types) {
    byte[] bits = new byte[2];
    int used = 0;
    for (MessageType type : types) {
      bits[type.code() / 8] |= (byte) (0x80 >>> (type.code() % 8));
      used = Math.max(used, type.code() / 8 + 1);
    }
    return new SupportedMessages(Bytes.of(java.util.Arrays.copyOf(bits, used)));
  }

  /** Every type RFC 7574 defines, as Eddy announces it. */
  public static SupportedMessages all() {
    return of(EnumSet.allOf(MessageType.class));
  }

  public boolean supports(MessageType type) {
    int index = type.code() / 8;
    return index < bitmap.length() && (bitmap.get(index) & (0x80 >>> (type.code() % 8))) != 0;
  }

  /** The known types the bitmap marks as supported. */
  public Set<MessageType> types() {
    EnumSet<MessageType> types = EnumSet.noneOf(MessageType.class);
    for (MessageType type : MessageType.values()) {
      if (supports(type)) {
        types.add(type);
      }
    }
    return types;
  }

  @Override
  public String toString() {
    return bitmap.hex();
  }
}
