package dev.eddy.peer.live;

import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.LiveSignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * A live stream's public key, which is its swarm ID (RFC 7574 §6.1): the DNSSEC algorithm number, then the
 * key as in a DNSKEY record: for ECDSA (RFC 6605) the point's X and Y, each as long as the field; for RSA
 * (RFC 3110) the exponent length (one byte, or a zero byte and two bytes), the exponent and the modulus.
 * Verifies SIGNED_INTEGRITY signatures: ECDSA as r||s (RFC 6605), RSA PKCS#1 v1.5 as long as the modulus.
 */
public record SwarmKey(LiveSignatureAlgorithm algorithm, PublicKey publicKey, Bytes swarmId) {
  /** Largest key we accept from a swarm ID: RSA moduli up to 16384 bits, which is as far as OpenSSL goes. */
  private static final int MAX_RSA_MODULUS_BYTES = 2048;

  public SwarmKey {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(swarmId, "swarmId");
  }

  /** The swarm key of {@code publicKey} signing with {@code algorithm}. */
  public static SwarmKey of(LiveSignatureAlgorithm algorithm, PublicKey publicKey) {
    ByteArrayOutputStream id = new ByteArrayOutputStream();
    id.write(algorithm.code());
    if (algorithm.isRsa()) {
      RSAPublicKey rsa = (RSAPublicKey) publicKey;
      byte[] e = unsigned(rsa.getPublicExponent());
      if (e.length < 256) {
        id.write(e.length);
      } else {
        id.write(0);
        id.write(e.length >>> 8);
        id.write(e.length);
      }
      id.writeBytes(e);
      id.writeBytes(unsigned(rsa.getModulus()));
    } else {
      int size = fieldBytes(algorithm);
      ECPoint w = ((ECPublicKey) publicKey).getW();
      id.writeBytes(fixed(w.getAffineX(), size));
      id.writeBytes(fixed(w.getAffineY(), size));
    }
    return new SwarmKey(algorithm, publicKey, Bytes.of(id.toByteArray()));
  }

  /**
   * Reads a live swarm ID.
   *
   * @throws IllegalArgumentException naming what is wrong: not a live key, an algorithm we cannot verify,
   *     a key of the wrong length or not on its curve
   */
  public static SwarmKey parse(Bytes swarmId) {
    byte[] id = swarmId.toByteArray();
    if (id.length < 2) {
      throw new IllegalArgumentException("a live swarm ID is a DNSSEC algorithm number and a public key; got " + id.length + " bytes");
    }
    LiveSignatureAlgorithm algorithm = LiveSignatureAlgorithm.of(id[0] & 0xFF);
    try {
      if (algorithm.isRsa()) {
        int index = 1;
        int eLength = id[index++] & 0xFF;
        if (eLength == 0) {
          if (id.length < 4) {
            throw new IllegalArgumentException("RSA key cut short in the exponent length");
          }
          eLength = (id[1 + 1] & 0xFF) << 8 | id[1 + 2] & 0xFF;
          index += 2;
        }
        int modulusLength = id.length - index - eLength;
        if (eLength == 0 || modulusLength <= 0 || modulusLength > MAX_RSA_MODULUS_BYTES) {
          throw new IllegalArgumentException("RSA key with a " + eLength + "-byte exponent and a " + modulusLength + "-byte modulus");
        }
        BigInteger e = new BigInteger(1, Arrays.copyOfRange(id, index, index + eLength));
        BigInteger n = new BigInteger(1, Arrays.copyOfRange(id, index + eLength, id.length));
        return new SwarmKey(algorithm, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)), swarmId);
      }
      int size = fieldBytes(algorithm);
      if (id.length != 1 + 2 * size) {
        throw new IllegalArgumentException(algorithm + " key must be " + 2 * size + " bytes, got " + (id.length - 1));
      }
      ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(id, 1, 1 + size)), new BigInteger(1, Arrays.copyOfRange(id, 1 + size, id.length)));
      ECParameterSpec curve = curve(algorithm);
      requireOnCurve(w, curve);
      return new SwarmKey(algorithm, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, curve)), swarmId);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a usable " + algorithm + " key: " + e.getMessage(), e);
    }
  }

  /** Bytes of every signature under this key. */
  public int signatureLength() {
    return algorithm.isRsa()
        ? (((RSAPublicKey) publicKey).getModulus().bitLength() + 7) / 8
        : algorithm.fixedSignatureLength().orElseThrow();
  }

  /** Whether {@code signature} is this key's over {@code plaintext}; never throws for bad signature bytes. */
  public boolean verifies(byte[] plaintext, byte[] signature) {
    if (signature.length != signatureLength()) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(jcaName(algorithm));
      verifier.initVerify(publicKey);
      verifier.update(plaintext);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // a malformed signature is a wrong one
    }
  }

  /** The swarm ID in lower-case hex, as users type it. */
  public String hex() {
    return swarmId.hex();
  }

  /** The JCA signature algorithm for a DNSSEC number; ECDSA in the fixed r||s form RFC 6605 puts on the wire. */
  static String jcaName(LiveSignatureAlgorithm algorithm) {
    return switch (algorithm.code()) {
      case 5, 7 -> "SHA1withRSA";
      case 8 -> "SHA256withRSA";
      case 10 -> "SHA512withRSA";
      case 13 -> "SHA256withECDSAinP1363Format";
      case 14 -> "SHA384withECDSAinP1363Format";
      default -> throw new IllegalArgumentException("live signature algorithm " + algorithm + " is not supported "
          + "(RSASHA1, RSASHA256, RSASHA512, ECDSAP256SHA256 and ECDSAP384SHA384 are)");
    };
  }

  static ECParameterSpec curve(LiveSignatureAlgorithm algorithm) throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec(fieldBytes(algorithm) == 32 ? "secp256r1" : "secp384r1"));
    return parameters.getParameterSpec(ECParameterSpec.class);
  }

  private static int fieldBytes(LiveSignatureAlgorithm algorithm) {
    return switch (algorithm.code()) {
      case 13 -> 32;
      case 14 -> 48;
      default -> throw new IllegalArgumentException("live signature algorithm " + algorithm + " is not supported "
          + "(RSASHA1, RSASHA256, RSASHA512, ECDSAP256SHA256 and ECDSAP384SHA384 are)");
    };
  }

  /** y² = x³ + ax + b (mod p): a swarm ID naming a point off the curve is rejected before any signature is checked. */
  private static void requireOnCurve(ECPoint w, ECParameterSpec curve) {
    BigInteger p = ((java.security.spec.ECFieldFp) curve.getCurve().getField()).getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0
        || !y.pow(2).mod(p).equals(x.pow(3).add(curve.getCurve().getA().multiply(x)).add(curve.getCurve().getB()).mod(p))) {
      throw new IllegalArgumentException("the swarm ID's point is not on the curve");
    }
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] b = value.toByteArray();
    return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static byte[] fixed(BigInteger value, int size) {
    byte[] b = unsigned(value);
    byte[] out = new byte[size];
    System.arraycopy(b, 0, out, size - b.length, b.length);
    return out;
  }
}
