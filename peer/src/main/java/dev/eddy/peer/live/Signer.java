package dev.eddy.peer.live;

/** Makes the signatures of a live source: the private half of its {@link SwarmKey}. */
public interface Signer {
  /** The public key the signatures verify under, i.e. the swarm ID. */
  SwarmKey key();

  /** A signature over {@code plaintext}, {@link SwarmKey#signatureLength()} bytes long. */
  byte[] sign(byte[] plaintext);
}
