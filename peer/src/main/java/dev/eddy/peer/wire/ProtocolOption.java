package dev.eddy.peer.wire;

import java.util.Optional;

/**
 * HANDSHAKE protocol option codes (RFC 7574 §7). Options have no generic length field, so an unknown
 * code ends decoding of the datagram with {@link DecodeError.Reason#UNKNOWN_OPTION}.
 */
public enum ProtocolOption {
  VERSION(0, "version"),
  MINIMUM_VERSION(1, "min_version"),
  SWARM_ID(2, "swarm_id"),
  CONTENT_INTEGRITY_PROTECTION_METHOD(3, "content_integrity"),
  MERKLE_HASH_TREE_FUNCTION(4, "merkle_hash_function"),
  LIVE_SIGNATURE_ALGORITHM(5, "live_signature_algorithm"),
  CHUNK_ADDRESSING_METHOD(6, "chunk_addressing"),
  LIVE_DISCARD_WINDOW(7, "live_discard_window"),
  SUPPORTED_MESSAGES(8, "supported_messages"),
  CHUNK_SIZE(9, "chunk_size"),
  END_OPTION(255, "end");

  private final int code;
  private final String key;

  ProtocolOption(int code, String key) {
    this.code = code;
    this.key = key;
  }

  /** The one-byte code on the wire. */
  public int code() {
    return code;
  }

  /** Short snake_case name used by {@code eddy inspect --json} and in event fields. */
  public String key() {
    return key;
  }

  /** The option with this code, or empty for a code RFC 7574 does not assign. */
  public static Optional<ProtocolOption> fromCode(int code) {
    return Optional.ofNullable(byCodeOrNull(code));
  }

  static ProtocolOption byCodeOrNull(int code) {
    if (code == 255) {
      return END_OPTION;
    }
    return code >= 0 && code <= 9 ? values()[code] : null;
  }
}
