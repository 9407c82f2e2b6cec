package dev.eddy.peer.merkle;

/**
 * A tree node and its hash: what one INTEGRITY message carries (RFC 7574 §8.5), and what a seeder looks up
 * to send one.
 */
public record BinHash(long bin, Hash hash) {
  public BinHash {
    if (!Bin.isValid(bin)) {
      throw new IllegalArgumentException("bin " + bin + " is not a valid bin number");
    }
    if (hash == null) {
      throw new IllegalArgumentException("hash is null");
    }
  }

  @Override
  public String toString() {
    return Bin.toString(bin) + "=" + hash.toHex();
  }
}
