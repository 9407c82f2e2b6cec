package dev.eddy.dashboards.render;

import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal JSON writer for the report's data (maps, lists, strings, numbers, number arrays, booleans). Output is also safe
 * inside an HTML {@code <script>} element: {@code <} is written as {@code \u003c}, so no {@code </script>} can
 * appear in it.
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Boolean b) {
      out.append(b);
    } else if (value instanceof Double d) {
      number(d, out);
    } else if (value instanceof double[] numbers) {
      out.append('[');
      for (int i = 0; i < numbers.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        number(numbers[i], out);
      }
      out.append(']');
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out);
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      Iterator<?> it = list.iterator();
      while (it.hasNext()) {
        write(it.next(), out);
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not JSON-writable: " + value.getClass());
    }
  }

  /** Whole numbers as integers (most byte counts are), others to six significant digits. */
  private static void number(double d, StringBuilder out) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      out.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      out.append(String.format(Locale.ROOT, "%.6g", d));
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
