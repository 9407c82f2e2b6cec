package dev.eddy.peer.transport;

/** The socket could not be set up (address in use, not local, permission). Its message is user-facing. */
public final class TransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
