package dev.eddy.peer.wire;

import java.util.Optional;

/**
 * The fourteen PPSPP message types (RFC 7574 §8.2, table 7). Constant names are the RFC's names, so
 * {@link #name()} is what logs, JSON and events print. The set is closed: an unknown type code cannot be
 * skipped (the message has no length field), so the decoder reports it as a {@link DecodeError}.
 */
public enum MessageType {
  HANDSHAKE(0),
  DATA(1),
  ACK(2),
  HAVE(3),
  INTEGRITY(4),
  PEX_RESv4(5),
  PEX_REQ(6),
  SIGNED_INTEGRITY(7),
  REQUEST(8),
  CANCEL(9),
  CHOKE(10),
  UNCHOKE(11),
  PEX_RESv6(12),
  PEX_REScert(13);

  private static final MessageType[] BY_CODE = values();

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The one-byte code on the wire. */
  public int code() {
    return code;
  }

  /** The type with this wire code, or empty for a code RFC 7574 does not assign. */
  public static Optional<MessageType> fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
  }

  static MessageType byCodeOrNull(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
