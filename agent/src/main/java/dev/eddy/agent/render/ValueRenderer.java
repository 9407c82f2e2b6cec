package dev.eddy.agent.render;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders argument and return values for a trace line: containers are walked at most {@code depth}
 * levels deep, and the text is cut at {@code width} characters. Never throws: a failing
 * {@code toString()} shows as {@code <toString threw X>}.
 */
public final class ValueRenderer {
  private static final String ELLIPSIS = "…";
  private final int depth;
  private final int width;

  public ValueRenderer(int depth, int width) {
    this.depth = depth;
    this.width = width;
  }

  public String render(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value, depth);
    return cut(out);
  }

  /** {@code a, b, c} for an argument list. */
  public String renderAll(Object[] values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.length && out.length() <= width; i++) {
      if (i > 0) {
        out.append(", ");
      }
      int start = out.length();
      append(out, values[i], depth);
      if (out.length() - start > width) {
        out.setLength(start + width - 1);
        out.append(ELLIPSIS);
      }
    }
    return out.toString();
  }

  /** {@code threw java.io.IOException: message}. */
  public String renderThrown(Throwable thrown) {
    String message;
    try {
      message = thrown.getMessage();
    } catch (Throwable t) {
      message = "<getMessage threw " + t.getClass().getName() + ">";
    }
    StringBuilder out = new StringBuilder("threw ").append(thrown.getClass().getName());
    if (message != null) {
      out.append(": ").append(message);
    }
    return cut(out);
  }

  private String cut(StringBuilder out) {
    if (out.length() <= width) {
      return out.toString();
    }
    return out.substring(0, width - 1) + ELLIPSIS;
  }

  private void append(StringBuilder out, Object value, int levels) {
    if (out.length() > width) {
      return;
    }
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence text) {
      appendQuoted(out, text, '"');
    } else if (value instanceof Character c) {
      appendQuoted(out, String.valueOf(c), '\'');
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Enum<?> e) {
      out.append(e.name());
    } else if (value instanceof Class<?> type) {
      out.append(type.getName());
    } else if (value.getClass().isArray()) {
      appendArray(out, value, levels);
    } else if (value instanceof Collection<?> items) {
      appendIterable(out, items.getClass(), items.iterator(), levels, "[", "]");
    } else if (value instanceof Map<?, ?> map) {
      appendIterable(out, map.getClass(), map.entrySet().iterator(), levels, "{", "}");
    } else if (value instanceof Map.Entry<?, ?> entry) {
      append(out, entry.getKey(), levels);
      out.append('=');
      append(out, entry.getValue(), levels);
    } else {
      appendToString(out, value);
    }
  }

  private void appendArray(StringBuilder out, Object array, int levels) {
    int length = Array.getLength(array);
    if (levels <= 0) {
      out.append(array.getClass().getComponentType().getName()).append('[').append(length).append(']');
      return;
    }
    out.append('[');
    for (int i = 0; i < length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      if (out.length() > width) {
        out.append(ELLIPSIS);
        break;
      }
      append(out, Array.get(array, i), levels - 1);
    }
    out.append(']');
  }

  private void appendIterable(StringBuilder out, Class<?> type, Iterator<?> items, int levels, String open, String close) {
    if (levels <= 0) {
      out.append(type.getSimpleName()).append(open).append(ELLIPSIS).append(close);
      return;
    }
    out.append(open);
    try {
      boolean first = true;
      while (items.hasNext()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        if (out.length() > width) {
          out.append(ELLIPSIS);
          break;
        }
        append(out, items.next(), levels - 1);
      }
    } catch (Throwable t) {
      // A collection changed under us or a custom iterator failed: say so rather than fail the trace.
      out.append("<iteration threw ").append(t.getClass().getName()).append('>');
    }
    out.append(close);
  }

  private void appendToString(StringBuilder out, Object value) {
    try {
      String text = value.toString();
      out.append(text == null ? "null" : text.length() > width ? text.substring(0, width) : text);
    } catch (Throwable t) {
      out.append("<toString threw ").append(t.getClass().getName()).append('>');
    }
  }

  private void appendQuoted(StringBuilder out, CharSequence text, char quote) {
    out.append(quote);
    int limit = Math.min(text.length(), width);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"', '\'', '\\' -> out.append(c == quote || c == '\\' ? "\\" + c : String.valueOf(c));
        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    if (limit < text.length()) {
      out.append(ELLIPSIS);
    }
    out.append(quote);
  }
}
