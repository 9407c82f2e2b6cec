package dev.eddy.peer.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses byte rates per second such as {@code 500k}, {@code 2m}, {@code 2MiB} or {@code 65536} (binary units). */
final class ByteRateConverter implements CommandLine.ITypeConverter<Long> {
  private static final Pattern RATE = Pattern.compile("(\\d+)\\s*([kmg]?)(?:i?b)?(?:/s)?");

  @Override
  public Long convert(String value) {
    Matcher m = RATE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a rate in bytes per second (e.g. 500k, 2m, 1g)");
    }
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      default -> 0;
    };
    long n = Long.parseLong(m.group(1));
    if (n <= 0 || n > Long.MAX_VALUE >> shift) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a positive rate that fits 64 bits");
    }
    return n << shift;
  }
}
