package dev.eddy.dashboards.render;

import java.time.Duration;
import java.util.Locale;

/** Human-readable quantities, shared by the text and HTML reports. */
public final class Units {
  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Units() {}

  public static String bytes(double bytes) {
    int unit = 0;
    while (Math.abs(bytes) >= 1024 && unit < BYTE_UNITS.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return unit == 0 ? String.format(Locale.ROOT, "%.0f B", bytes)
        : String.format(Locale.ROOT, "%.1f %s", bytes, BYTE_UNITS[unit]);
  }

  public static String rate(double bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }

  public static String nanos(double nanos) {
    double abs = Math.abs(nanos);
    if (abs >= 1e9) {
      return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
    if (abs >= 1e6) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    if (abs >= 1e3) {
      return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f ns", nanos);
  }

  public static String duration(Duration d) {
    return nanos(d.toNanos());
  }

  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
  }

  /** A value in a series' unit ({@code bytes/s}, {@code bytes}, {@code ns}, {@code %}). */
  public static String of(double value, String unit) {
    return switch (unit) {
      case "bytes/s" -> rate(value);
      case "bytes" -> bytes(value);
      case "ns" -> nanos(value);
      case "%" -> String.format(Locale.ROOT, "%.1f %%", value);
      default -> String.format(Locale.ROOT, "%.3g %s", value, unit);
    };
  }

  /** Shortens a hex swarm ID for tables: first and last 8 digits. */
  public static String shortId(String swarmId) {
    return swarmId.length() > 20 ? swarmId.substring(0, 8) + "…" + swarmId.substring(swarmId.length() - 8) : swarmId;
  }
}
