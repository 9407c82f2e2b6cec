package dev.eddy.peer.wire;

import java.util.Objects;

/**
 * SIGNED_INTEGRITY (RFC 7574 §8.5, live streaming): {@code 07 <chunk spec> <timestamp:8> <signature>},
 * the signature as long as the negotiated live signature algorithm and key give.
 */
public record SignedIntegrity(ChunkSpec spec, long timestamp, Bytes signature) implements Message.AboutChunks {
  public SignedIntegrity {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(signature, "signature");
  }

  @Override
  public MessageType type() {
    return MessageType.SIGNED_INTEGRITY;
  }
}
