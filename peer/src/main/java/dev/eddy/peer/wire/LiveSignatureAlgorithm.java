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
  /** RSASHA1 under another DNSSEC name (RFC 5155); same keys and signatures. */
  public static final LiveSignatureAlgorithm RSASHA1_NSEC3_SHA1 = new LiveSignatureAlgorithm(7);
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
      case 7 -> RSASHA1_NSEC3_SHA1;
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

  /** RSA algorithms: the signature is as long as the key's modulus (RFC 3110). */
  public boolean isRsa() {
    return code == 5 || code == 7 || code == 8 || code == 10;
  }

  /**
   * The signature length that a live swarm ID implies: the swarm ID is the algorithm byte and then the
   * public key in DNSSEC wire format (RFC 7574 §6.1). For RSA (RFC 3110) that key is the exponent length
   * (one byte, or a zero byte and two bytes when longer than 255), the exponent, then the modulus, whose
   * length (without leading zero bytes) is the signature length; libswift makes 1024-bit keys by default
   * and takes any size OpenSSL generates. For the fixed-length algorithms it is their fixed length. Empty
   * when the swarm ID is not a live key of a known algorithm or its RSA key is cut short.
   */
  public static OptionalInt signatureLengthOf(Bytes swarmId) {
    if (swarmId.length() < 2) {
      return OptionalInt.empty();
    }
    LiveSignatureAlgorithm algorithm = of(swarmId.get(0) & 0xFF);
    if (!algorithm.isRsa()) {
      return algorithm.fixedSignatureLength();
    }
    int index = 1;
    int exponentLength = swarmId.get(index++) & 0xFF;
    if (exponentLength == 0) {
      if (swarmId.length() < 4) {
        return OptionalInt.empty();
      }
      exponentLength = (swarmId.get(index) & 0xFF) << 8 | swarmId.get(index + 1) & 0xFF;
      index += 2;
    }
    index += exponentLength;
    while (index < swarmId.length() && swarmId.get(index) == 0) {
      index++; // a modulus has no leading zero bytes in RFC 3110, but skip any a peer wrote
    }
    return index < swarmId.length() ? OptionalInt.of(swarmId.length() - index) : OptionalInt.empty();
  }

  @Override
  public String toString() {
    return switch (code) {
      case 5 -> "RSASHA1";
      case 7 -> "RSASHA1-NSEC3-SHA1";
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
