package dev.eddy.peer.wire;

import java.util.Objects;

/**
 * INTEGRITY (RFC 7574 §8.5): {@code 04 <chunk spec> <hash>}, the hash as long as the negotiated Merkle
 * hash function's output. libswift sends peak hashes, then uncle hashes from the top of the tree down,
 * before the DATA they prove.
 */
public record Integrity(ChunkSpec spec, Bytes hash) implements Message.AboutChunks {
  public Integrity {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(hash, "hash");
  }

  @Override
  public MessageType type() {
    return MessageType.INTEGRITY;
  }
}
