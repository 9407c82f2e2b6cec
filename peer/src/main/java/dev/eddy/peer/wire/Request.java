package dev.eddy.peer.wire;

import java.util.Objects;

/** REQUEST (RFC 7574 §8.9): {@code 08 <chunk spec>}, chunks the sender asks for. */
public record Request(ChunkSpec spec) implements Message.AboutChunks {
  public Request {
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public MessageType type() {
    return MessageType.REQUEST;
  }
}
