package dev.eddy.peer.wire;

import java.util.Objects;

/**
 * ACK (RFC 7574 §8.7): {@code 02 <chunk spec> <one-way delay sample:8>}, the delay being the receiver's
 * clock minus the DATA timestamp, in microseconds, signed (what LEDBAT needs).
 */
public record Ack(ChunkSpec spec, long delaySampleMicros) implements Message.AboutChunks {
  public Ack {
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public MessageType type() {
    return MessageType.ACK;
  }
}
