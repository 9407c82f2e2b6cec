package dev.eddy.peer.cli;

/** A failure the user can act on: printed as one line on stderr, no stack trace (unless --debug). */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int exitCode;

  UserError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }
}
