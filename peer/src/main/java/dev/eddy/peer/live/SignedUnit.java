package dev.eddy.peer.live;

import java.util.HashMap;
import java.util.Map;

/**
 * One trusted signed unit of a live stream: a munro (or, under sign all, one chunk), the source's timestamp
 * and signature, and every hash of its subtree known so far (all of them at the source; at a leecher, the
 * munro hash plus the paths of the chunks verified, which are exactly the uncles it must send on when it
 * relays those chunks). Confined to the event loop.
 */
final class SignedUnit {
  final long bin;
  final long timestamp;
  final byte[] signature;
  /** Bin → hash within the unit, the munro's own included; empty under sign all. */
  final Map<Long, byte[]> hashes = new HashMap<>();

  SignedUnit(long bin, long timestamp, byte[] signature) {
    this.bin = bin;
    this.timestamp = timestamp;
    this.signature = signature;
  }

  byte[] munroHash() {
    return hashes.get(bin);
  }
}
