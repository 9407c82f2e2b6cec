package dev.eddy.peer.cli;

/** Exit codes of {@code eddy seed} and {@code eddy get} (also listed in the README). */
final class ExitCodes {
  static final int OK = 0;
  /** Anything unexpected (a bug: run with --debug for the stack trace). */
  static final int INTERNAL = 1;
  /** Bad command line (picocli's own code for usage errors). */
  static final int USAGE = 2;
  /** No peer answered the handshake, or every peer went away before the download completed. */
  static final int PEER_UNREACHABLE = 3;
  /** Every peer refused the handshake: it does not serve this swarm ID (or not with these options). */
  static final int SWARM_UNKNOWN = 4;
  /** The download did not complete within --timeout. */
  static final int TIMEOUT = 5;
  /** The output could not be written (disk full, no permission); also the seeder's unreadable file. */
  static final int STORAGE = 6;
  /** Every peer sent data that failed Merkle verification. */
  static final int INTEGRITY = 7;
  /** The listen address could not be bound. */
  static final int CANNOT_LISTEN = 8;

  private ExitCodes() {}
}
