package dev.eddy.peer.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little JSON reader for tests: objects (keys in order), arrays (lists), strings, numbers (integers as
 * BigInteger, others as BigDecimal), true, false, null, whitespace between tokens; anything else fails.
 */
public final class MiniJson {
  private final String text;
  private int at;

  private MiniJson(String text) {
    this.text = text;
  }

  /** Parses one JSON object (keys in order); throws IllegalArgumentException on any syntax error. */
  public static Map<String, Object> parseObject(String text) {
    MiniJson parser = new MiniJson(text);
    parser.skipSpace();
    Map<String, Object> object = parser.object();
    parser.skipSpace();
    if (parser.at != text.length()) {
      throw parser.error("trailing characters");
    }
    return object;
  }

  private Map<String, Object> object() {
    expect('{');
    Map<String, Object> object = new LinkedHashMap<>();
    if (peek() == '}') {
      at++;
      skipSpace();
      return object;
    }
    while (true) {
      String key = string();
      expect(':');
      if (object.put(key, value()) != null) {
        throw error("duplicate key " + key);
      }
      char next = peek();
      at++;
      skipSpace();
      if (next == '}') {
        return object;
      }
      if (next != ',') {
        throw error("expected , or }");
      }
    }
  }

  private List<Object> array() {
    expect('[');
    List<Object> array = new ArrayList<>();
    if (peek() == ']') {
      at++;
      skipSpace();
      return array;
    }
    while (true) {
      array.add(value());
      char next = peek();
      at++;
      skipSpace();
      if (next == ']') {
        return array;
      }
      if (next != ',') {
        throw error("expected , or ]");
      }
    }
  }

  private Object value() {
    char c = peek();
    Object value;
    if (c == '{') {
      value = object();
    } else if (c == '[') {
      value = array();
    } else if (c == '"') {
      value = string();
    } else if (literal("true")) {
      value = Boolean.TRUE;
    } else if (literal("false")) {
      value = Boolean.FALSE;
    } else if (literal("null")) {
      value = NULL;
    } else {
      value = number();
    }
    skipSpace();
    return value;
  }

  /** What {@code null} parses to (a map cannot hold Java's null as a value distinctly). */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private boolean literal(String word) {
    if (text.startsWith(word, at)) {
      at += word.length();
      return true;
    }
    return false;
  }

  private Object number() {
    java.util.regex.Matcher m = NUMBER.matcher(text).region(at, text.length());
    if (!m.lookingAt()) {
      throw error("expected a value");
    }
    at = m.end();
    return m.group(2) == null && m.group(3) == null ? new java.math.BigInteger(m.group()) : new java.math.BigDecimal(m.group());
  }

  private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private void skipSpace() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private String string() {
    expect('"');
    String value = rawString();
    skipSpace();
    return value;
  }

  private String rawString() {
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("raw control character in string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(at);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected " + c);
    }
    at++;
    skipSpace();
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + at + " in " + text);
  }
}
