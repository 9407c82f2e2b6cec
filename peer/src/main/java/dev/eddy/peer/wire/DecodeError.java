package dev.eddy.peer.wire;

import java.util.Objects;

/**
 * Why a datagram could not be decoded, and where: the whole datagram is rejected, never a prefix of it.
 *
 * @param offset byte offset, from the start of the datagram, of the field that failed
 * @param detail one human-readable line with the values involved
 */
public record DecodeError(int offset, Reason reason, String detail) {
  public enum Reason {
    /** Fewer than the 4 bytes of a channel ID. */
    DATAGRAM_TOO_SHORT,
    /** A field runs past the end of the datagram. */
    TRUNCATED,
    UNKNOWN_MESSAGE_TYPE,
    UNKNOWN_OPTION,
    /** A protocol option appears twice in one HANDSHAKE. */
    DUPLICATE_OPTION,
    /** A length field is larger than the bytes left or than its field allows. */
    BAD_LENGTH,
    /** An option value RFC 7574 rules out (e.g. chunk size 0). */
    BAD_OPTION_VALUE,
    /** A bin number that names no bin (all ones: libswift's "none"). */
    BIN_OUT_OF_RANGE,
    /** A chunk or byte number beyond what a Java long holds (2^63 and up). */
    VALUE_OUT_OF_RANGE,
    /** A range whose start is after its end. */
    INVERTED_RANGE,
    /** A chunk spec or live discard window under a chunk addressing method RFC 7574 does not define. */
    UNKNOWN_CHUNK_ADDRESSING,
    /** INTEGRITY under a Merkle hash function RFC 7574 does not define, so its length is unknown. */
    UNKNOWN_HASH_FUNCTION,
    /** SIGNED_INTEGRITY while the signature length is not known (RSA without the swarm's key). */
    UNKNOWN_SIGNATURE_LENGTH
  }

  public DecodeError {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return reason + " at offset " + offset + ": " + detail;
  }
}
