package dev.eddy.peer.swarm;

/** How a download reports its outcome (the CLI turns these into exit codes). Called on the event loop. */
public interface SwarmListener {
  /** Ignores everything (seeding swarms). */
  SwarmListener NONE = new SwarmListener() {};

  /** Every chunk is verified and written; the content's root hash is the swarm ID. */
  default void onComplete(Swarm swarm) {}

  /** Writing a verified chunk failed (disk full, I/O error); the download cannot go on. */
  default void onStorageFailure(Swarm swarm, String message, boolean diskFull) {}
}
