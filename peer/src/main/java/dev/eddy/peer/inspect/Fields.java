package dev.eddy.peer.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ordered list of named values describing one message: the single model that both the readable
 * line and the JSON object are rendered from, so the two outputs cannot drift apart. Values are
 * {@link String}, {@link Number} (a {@link UnsignedLong} for values that may exceed 2^63) or nested
 * {@code Fields}.
 */
final class Fields {
  record Field(String key, Object value) {}

  /** A 64-bit value read as unsigned (a live discard window of all ones). */
  record UnsignedLong(long value) {
    @Override
    public String toString() {
      return Long.toUnsignedString(value);
    }
  }

  private final List<Field> fields = new ArrayList<>();

  Fields put(String key, String value) {
    fields.add(new Field(key, value));
    return this;
  }

  Fields put(String key, long value) {
    fields.add(new Field(key, value));
    return this;
  }

  Fields putUnsigned(String key, long value) {
    fields.add(new Field(key, new UnsignedLong(value)));
    return this;
  }

  Fields put(String key, Fields value) {
    fields.add(new Field(key, value));
    return this;
  }

  List<Field> list() {
    return Collections.unmodifiableList(fields);
  }

  /** One JSON object, keys in insertion order. */
  String toJson() {
    StringBuilder out = new StringBuilder(128);
    appendJson(out);
    return out.toString();
  }

  private void appendJson(StringBuilder out) {
    out.append('{');
    boolean first = true;
    for (Field field : fields) {
      if (!first) {
        out.append(',');
      }
      first = false;
      Json.appendString(out, field.key());
      out.append(':');
      Object value = field.value();
      if (value instanceof Fields nested) {
        nested.appendJson(out);
      } else if (value instanceof String text) {
        Json.appendString(out, text);
      } else {
        out.append(value); // Long, Integer or UnsignedLong: digits only
      }
    }
    out.append('}');
  }
}
