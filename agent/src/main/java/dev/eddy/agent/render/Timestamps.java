package dev.eddy.agent.render;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/** {@code 12:01:02.123456}: the wall-clock time of day with microseconds, as trace lines start. */
public final class Timestamps {
  private Timestamps() {}

  public static String format(Instant instant, ZoneId zone) {
    LocalTime t = LocalTime.ofInstant(instant, zone);
    StringBuilder s = new StringBuilder(15);
    two(s, t.getHour()).append(':');
    two(s, t.getMinute()).append(':');
    two(s, t.getSecond()).append('.');
    String micros = Integer.toString(t.getNano() / 1000);
    s.append("000000", 0, 6 - micros.length()).append(micros);
    return s.toString();
  }

  private static StringBuilder two(StringBuilder s, int v) {
    return s.append(v < 10 ? "0" : "").append(v);
  }
}
