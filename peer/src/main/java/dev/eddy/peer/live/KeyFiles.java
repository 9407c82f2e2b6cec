package dev.eddy.peer.live;

import dev.eddy.peer.wire.LiveSignatureAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live source's key file: the private key (PKCS#8) and the public key (X.509) in PEM, the format
 * {@code openssl pkey} reads. Created with permissions 600 when absent, so the same stream (the same swarm
 * ID) can be restarted.
 */
public final class KeyFiles {
  private static final Pattern PEM = Pattern.compile("-----BEGIN (PRIVATE|PUBLIC) KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1 KEY-----");

  private KeyFiles() {}

  /**
   * The key in {@code file}, or a new one for {@code algorithm} saved there first.
   *
   * @param rsaBits modulus size for a new RSA key
   * @return whether it was created, and the signer
   * @throws IOException when the file cannot be read or written
   * @throws IllegalArgumentException when the file holds no usable key, or one for another algorithm
   */
  public static Loaded loadOrCreate(Path file, LiveSignatureAlgorithm algorithm, int rsaBits) throws IOException {
    if (Files.exists(file)) {
      return new Loaded(load(file, algorithm), false);
    }
    KeyPair pair = generate(algorithm, rsaBits);
    String pem = pem("PRIVATE", pair.getPrivate().getEncoded()) + pem("PUBLIC", pair.getPublic().getEncoded());
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      return new Loaded(load(file, algorithm), false); // another process made it meanwhile
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system: the owner's defaults apply
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    return new Loaded(signer(SwarmKey.of(algorithm, pair.getPublic()), pair.getPrivate()), true);
  }

  /** A key file's signer and whether this run made it. */
  public record Loaded(Signer signer, boolean created) {}

  /** A new key pair; ECDSA on P-256 or P-384, RSA with exponent 65537. */
  public static KeyPair generate(LiveSignatureAlgorithm algorithm, int rsaBits) {
    SwarmKey.jcaName(algorithm); // rejects algorithms we cannot sign with
    try {
      if (algorithm.isRsa()) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(rsaBits);
        return generator.generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(algorithm.code() == 13 ? "secp256r1" : "secp384r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot make a " + algorithm + " key: " + e.getMessage(), e);
    }
  }

  /** A signer for a key pair held in memory. */
  public static Signer signer(SwarmKey key, PrivateKey privateKey) {
    String jca = SwarmKey.jcaName(key.algorithm());
    return new Signer() {
      @Override
      public SwarmKey key() {
        return key;
      }

      @Override
      public byte[] sign(byte[] plaintext) {
        try {
          Signature s = Signature.getInstance(jca);
          s.initSign(privateKey);
          s.update(plaintext);
          return s.sign();
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
      }
    };
  }

  private static Signer load(Path file, LiveSignatureAlgorithm algorithm) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    byte[] privateDer = null;
    byte[] publicDer = null;
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      if (m.group(1).equals("PRIVATE")) {
        privateDer = der;
      } else {
        publicDer = der;
      }
    }
    if (privateDer == null || publicDer == null) {
      throw new IllegalArgumentException(file + " is not an eddy live key file (a PEM PRIVATE KEY and PUBLIC KEY)");
    }
    String type = algorithm.isRsa() ? "RSA" : "EC";
    try {
      KeyFactory factory = KeyFactory.getInstance(type);
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(publicDer));
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
      if (publicKey instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() != (algorithm.code() == 13 ? 256 : 384)) {
        throw new IllegalArgumentException(file + " holds a P-" + ec.getParams().getCurve().getField().getFieldSize()
            + " key, not one for " + algorithm);
      }
      if (!(publicKey instanceof RSAPublicKey) && !(publicKey instanceof ECPublicKey)) {
        throw new IllegalArgumentException(file + " holds no RSA or EC key");
      }
      return signer(SwarmKey.of(algorithm, publicKey), privateKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + " holds no " + type + " key for " + algorithm + ": " + e.getMessage(), e);
    }
  }

  private static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + " KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + kind + " KEY-----\n";
  }
}
