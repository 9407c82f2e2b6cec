package dev.eddy.jfr;

/**
 * The swarm ID as the per-message and verified-chunk events carry it: its first {@value #ABBREVIATED_LENGTH} hex
 * digits (64 bits, unambiguous within any recording); the channel and swarm events carry it in full.
 *
 * <p>Why: on JDK 17 the flight recorder writes a String field longer than 16 characters through a Java-side
 * string pool, and once that path is hot in an event's writer (a 40-digit swarm ID in every message event),
 * C2 compiles each method that inlines the writer into 60-90 KB of code over seconds of CPU (once the pool's
 * periodic reset has deoptimised the first, smaller version); strings of at most 16 characters are written
 * inline and compile small. Measured in BENCHMARKS.md, "Flight recorder overhead" (JDK 25 does not show this).
 */
public final class SwarmIds {
  /** The longest String that JDK 17's flight recorder writes inline rather than through its string pool. */
  public static final int ABBREVIATED_LENGTH = 16;

  private SwarmIds() {}

  /** The first {@value #ABBREVIATED_LENGTH} characters of {@code swarmId}, or all of it if shorter. */
  public static String abbreviate(String swarmId) {
    return swarmId.length() <= ABBREVIATED_LENGTH ? swarmId : swarmId.substring(0, ABBREVIATED_LENGTH);
  }
}
