package dev.eddy.peer.wire;

import java.util.Objects;

/** CANCEL (RFC 7574 §8.10): {@code 09 <chunk spec>}, withdraws an earlier REQUEST. */
public record Cancel(ChunkSpec spec) implements Message.AboutChunks {
  public Cancel {
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public MessageType type() {
    return MessageType.CANCEL;
  }
}
