package dev.eddy.agent.spec;

/** A trace spec the agent refuses; the message is one line meant for the user. */
public final class SpecException extends Exception {
  public SpecException(String message) {
    super(message, null, false, false);
  }
}
