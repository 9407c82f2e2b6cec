package dev.eddy.peer.merkle;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;

/** Leaf and parent hashing without allocation: leaf = H(chunk bytes), parent = H(left || right). */
final class NodeDigest {
  private final MessageDigest digest;
  final int width;

  NodeDigest(HashFunction function) {
    this.digest = function.newDigest();
    this.width = function.length();
  }

  void update(byte[] bytes, int offset, int length) {
    digest.update(bytes, offset, length);
  }

  /** Finishes what {@link #update} fed and writes the hash to {@code target} at {@code offset}. */
  void finish(byte[] target, int offset) {
    try {
      digest.digest(target, offset, width);
    } catch (DigestException e) {
      throw new IllegalStateException("target too small for a " + width + "-byte hash", e);
    }
  }

  /** Hash of {@code data}'s remaining bytes (position unchanged). */
  void leaf(ByteBuffer data, byte[] target, int offset) {
    int position = data.position();
    digest.update(data);
    data.position(position);
    finish(target, offset);
  }

  void parent(byte[] left, int leftOffset, byte[] right, int rightOffset, byte[] target, int offset) {
    digest.update(left, leftOffset, width);
    digest.update(right, rightOffset, width);
    finish(target, offset);
  }
}
