package dev.eddy.agent.spec;

import java.time.Duration;

/** recon's breaker: more than {@code maxCalls} reported calls within one {@code window} stops the trace. */
public record Rate(int maxCalls, Duration window) {
  public String text() {
    return maxCalls + "/" + Durations.format(window);
  }
}
