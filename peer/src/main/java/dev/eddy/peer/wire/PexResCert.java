package dev.eddy.peer.wire;

import java.util.Objects;

/**
 * PEX_REScert (RFC 7574 §8.12): {@code 0d <length:2> <certificate>}, a membership certificate naming a
 * peer. The decoder keeps the certificate's bytes; checking it is the peer's job.
 */
public record PexResCert(Bytes certificate) implements Message {
  /** The length field is 16 bits. */
  public static final int MAX_CERTIFICATE_LENGTH = 0xFFFF;

  public PexResCert {
    Objects.requireNonNull(certificate, "certificate");
    if (certificate.length() > MAX_CERTIFICATE_LENGTH) {
      throw new IllegalArgumentException("certificate longer than 65535 bytes");
    }
  }

  @Override
  public MessageType type() {
    return MessageType.PEX_REScert;
  }
}
