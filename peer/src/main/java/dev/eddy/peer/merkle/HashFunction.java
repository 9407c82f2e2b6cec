package dev.eddy.peer.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Merkle hash functions (RFC 7574 §7.5, protocol option 4). The code is the value of option 4 on the wire;
 * libswift only speaks {@link #SHA1}.
 */
public enum HashFunction {
  SHA1(0, "SHA-1", "sha1", 20),
  SHA224(1, "SHA-224", "sha224", 28),
  SHA256(2, "SHA-256", "sha256", 32),
  SHA384(3, "SHA-384", "sha384", 48),
  SHA512(4, "SHA-512", "sha512", 64);

  private final int code;
  private final String algorithm;
  private final String cliName;
  private final int length;

  HashFunction(int code, String algorithm, String cliName, int length) {
    this.code = code;
    this.algorithm = algorithm;
    this.cliName = cliName;
    this.length = length;
  }

  /** Value of the Merkle hash function protocol option. */
  public int code() {
    return code;
  }

  /** JCA algorithm name, for {@link MessageDigest#getInstance(String)}. */
  public String algorithm() {
    return algorithm;
  }

  /** Short lower-case name used on the command line ({@code sha1}, {@code sha256}, ...). */
  public String cliName() {
    return cliName;
  }

  /** Digest length in bytes (also the length of every hash in INTEGRITY messages). */
  public int length() {
    return length;
  }

  /** A fresh digest; not thread-safe, so one per thread or per tree builder. */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE runtime must provide these five algorithms.
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }

  /** The function for a protocol option value, empty for codes RFC 7574 does not define. */
  public static Optional<HashFunction> fromCode(int code) {
    for (HashFunction f : values()) {
      if (f.code == code) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The function for {@code sha1}, {@code SHA-256}, ... (case and dash insensitive), empty otherwise. */
  public static Optional<HashFunction> fromName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT).replace("-", "");
    for (HashFunction f : values()) {
      if (f.cliName.equals(wanted)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return cliName;
  }
}
