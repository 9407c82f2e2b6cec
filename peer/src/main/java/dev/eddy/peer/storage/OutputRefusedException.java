package dev.eddy.peer.storage;

import java.io.IOException;

/** A download's output cannot be used as it stands; the message says why and what to do instead. */
public final class OutputRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the output was refused. */
  public enum Reason {
    /** A directory, device, FIFO, socket or symbolic link is where the file would go. */
    NOT_A_FILE,
    /** A regular file is there and replacing it was not asked for. */
    EXISTS,
    /** Another download holds the partial file's lock. */
    IN_USE
  }

  private final Reason reason;

  public OutputRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
