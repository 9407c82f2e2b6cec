package dev.eddy.agent.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
public final class Durations {
  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String key, String text) throws SpecException {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new SpecException(key + " must be a duration like 500ms, 10s, 2m or 1h, got '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
    if (d.isZero()) {
      throw new SpecException(key + " must be longer than zero, got '" + text + "'");
    }
    return d;
  }

  /** The shortest exact form in the spec syntax. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
