package dev.eddy.peer.merkle;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A deliberately naive, recursive Merkle tree over an in-memory byte array, written straight from the tree
 * rules: the oracle the streaming {@link MerkleTree} is compared with.
 */
final class ReferenceTree {
  private final byte[] content;
  private final int chunkSize;
  private final HashFunction function;
  private final long chunkCount;
  /** Proof checks ask for the same high bins again and again; low bins are cheap to recompute. */
  private static final int MEMO_FROM_LAYER = 6;

  private final Map<Long, byte[]> memo = new HashMap<>();
  /** Shared: children are computed before it is touched. */
  private final MessageDigest digest;

  ReferenceTree(byte[] content, int chunkSize, HashFunction function) {
    this.content = content;
    this.chunkSize = chunkSize;
    this.function = function;
    this.chunkCount = (content.length + chunkSize - 1) / chunkSize;
    this.digest = function.newDigest();
  }

  byte[] root() {
    return chunkCount == 0 ? new byte[function.length()] : hash(Bin.root(chunkCount));
  }

  byte[] hash(long bin) {
    if (Bin.layer(bin) < MEMO_FROM_LAYER) {
      return compute(bin);
    }
    byte[] hash = memo.get(bin);
    if (hash == null) {
      hash = compute(bin);
      memo.put(bin, hash);
    }
    return hash.clone();
  }

  private byte[] compute(long bin) {
    if (Bin.firstChunk(bin) >= chunkCount) {
      return new byte[function.length()];
    }
    if (Bin.layer(bin) == 0) {
      int from = (int) (Bin.firstChunk(bin) * chunkSize);
      return digest.digest(Arrays.copyOfRange(content, from, Math.min(content.length, from + chunkSize)));
    }
    byte[] left = hash(Bin.leftChild(bin));
    byte[] right = hash(Bin.rightChild(bin));
    digest.update(left);
    return digest.digest(right);
  }
}
