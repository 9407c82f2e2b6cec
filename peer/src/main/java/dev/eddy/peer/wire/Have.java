package dev.eddy.peer.wire;

import java.util.Objects;

/** HAVE (RFC 7574 §8.8): {@code 03 <chunk spec>}, chunks the sender has verified. */
public record Have(ChunkSpec spec) implements Message.AboutChunks {
  public Have {
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public MessageType type() {
    return MessageType.HAVE;
  }
}
