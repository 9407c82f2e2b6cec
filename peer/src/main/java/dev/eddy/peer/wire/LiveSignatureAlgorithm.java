package dev.eddy.peer.wire;

import java.util.OptionalInt;

/**
 * Live signature algorithm, option 5 (RFC 7574 §7.7): a DNSSEC algorithm number. The length of a
 * SIGNED_INTEGRITY signature follows from it for the fixed-size algorithms (ECDSA, EdDSA); for RSA it
 * is the modulus length of the swarm's public key, so the peer sets it in the {@link DecodingContext}.
 *
 * @param code the one-byte DNSSEC algorithm number, 0–255
 */
public record LiveSignatureAlgorithm(int code) {
  public static final LiveSignatureAlgorithm RSASHA1 = new LiveSignatureAlgorithm(5);
  public static final LiveSignatureAlgorithm RSASHA256 = new LiveSignatureAlgorithm(8);
  public static final LiveSignatureAlgorithm RSASHA512 = new LiveSignatureAlgorithm(10);
  /** The RFC default. */
  public static final LiveSignatureAlgorithm ECDSAP256SHA256 = new LiveSignatureAlgorithm(13);
  public static final LiveSignatureAlgorithm ECDSAP384SHA384 = new LiveSignatureAlgorithm(14);
  public static final LiveSignatureAlgorithm ED25519 = new LiveSignatureAlgorithm(15);
  public static final LiveSignatureAlgorithm ED448 = new LiveSignatureAlgorithm(16);

  public LiveSignatureAlgorithm {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("signature algorithm code must fit one byte: " + code);
    }
  }

  /** The constant for a known code, or a value that keeps any other DNSSEC number. */
  public static LiveSignatureAlgorithm of(int code) {
    return switch (code) {
      case 5 -> RSASHA1;
      case 8 -> RSASHA256;
      case 10 -> RSASHA512;
      case 13 -> ECDSAP256SHA256;
      case 14 -> ECDSAP384SHA384;
      case 15 -> ED25519;
      case 16 -> ED448;
      default -> new LiveSignatureAlgorithm(code);
    };
  }

  /**
   * Signature length in bytes when the algorithm fixes it (ECDSA P-256: 64 = r||s, RFC 6605; P-384: 96;
   * Ed25519: 64; Ed448: 114, RFC 8080); empty when it depends on the key (RSA) or is unknown.
   */
  public OptionalInt fixedSignatureLength() {
    return switch (code) {
      case 13, 15 -> OptionalInt.of(64);
      case 14 -> OptionalInt.of(96);
      case 16 -> OptionalInt.of(114);
      default -> OptionalInt.empty();
    };
  }

  @Override
  public String toString() {
    return switch (code) {
      case 5 -> "RSASHA1";
      case 8 -> "RSASHA256";
      case 10 -> "RSASHA512";
      case 13 -> "ECDSAP256SHA256";
      case 14 -> "ECDSAP384SHA384";
      case 15 -> "ED25519";
      case 16 -> "ED448";
      default -> "algorithm(" + code + ")";
    };
  }
}
