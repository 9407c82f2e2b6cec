package dev.eddy.peer.node;

import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.wire.ContentIntegrity;
import dev.eddy.peer.wire.HandshakeOptions;
import dev.eddy.peer.wire.MerkleHashFunction;

/** Which opening handshakes a responder accepts for a swarm (RFC 7574 §7); the refusal reason otherwise. */
final class HandshakePolicy {
  static final int VERSION = 1;

  private HandshakePolicy() {}

  /** Null when acceptable, else one line saying what is wrong. */
  static String refusal(HandshakeOptions o, Swarm swarm) {
    if (o.minimumVersion().isPresent() && o.minimumVersion().getAsInt() > VERSION) {
      return "minimum version " + o.minimumVersion().getAsInt() + " is above our version " + VERSION;
    }
    if (o.version().isPresent() && o.version().getAsInt() < VERSION) {
      return "version " + o.version().getAsInt() + " is not supported";
    }
    if (o.contentIntegrity().isPresent() && !o.contentIntegrity().get().equals(ContentIntegrity.MERKLE_HASH_TREE)) {
      return "content integrity method " + o.contentIntegrity().get() + " is not supported (only the Merkle hash tree)";
    }
    MerkleHashFunction ours = MerkleHashFunction.of(swarm.hashFunction().code());
    MerkleHashFunction theirs = o.merkleHashFunction().orElse(MerkleHashFunction.SHA1);
    if (!theirs.equals(ours)) {
      return "Merkle hash function " + theirs + " does not match the swarm's " + ours;
    }
    if (o.chunkAddressing().isPresent() && !o.chunkAddressing().get().isKnown()) {
      return "chunk addressing method " + o.chunkAddressing().get() + " is unknown";
    }
    if (o.chunkSize().isPresent() && o.chunkSize().getAsLong() != swarm.chunkSize()) {
      return "chunk size " + o.chunkSize().getAsLong() + " does not match the swarm's " + swarm.chunkSize();
    }
    return null;
  }
}
