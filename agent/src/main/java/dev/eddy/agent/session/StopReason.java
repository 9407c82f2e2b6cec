package dev.eddy.agent.session;

import dev.eddy.agent.sink.Messages;

/** Why a session ended; {@link #text()} goes into the closing line. */
record StopReason(String text) {
  static StopReason limit(long calls) {
    return new StopReason("limit of " + calls + " calls reached");
  }

  static StopReason time(String duration) {
    return new StopReason("time limit of " + duration + " reached");
  }

  static StopReason rate(String rate) {
    return new StopReason("rate breaker tripped: more than " + rate.replace("/", " calls in "));
  }

  static final StopReason CLEARED = new StopReason("cleared");
  static final StopReason REPLACED = new StopReason("replaced by a new trace");
  static final StopReason JVM_EXIT = new StopReason(Messages.JVM_EXITING);

  static StopReason failed(String why) {
    return new StopReason("agent failure: " + why);
  }
}
