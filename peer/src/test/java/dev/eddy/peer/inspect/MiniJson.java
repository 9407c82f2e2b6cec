package dev.eddy.peer.inspect;

import java.util.LinkedHashMap;
import java.util.Map;

/** A strict little JSON reader for tests: objects, strings, integers; anything else fails. */
public final class MiniJson {
  private final String text;
  private int at;

  private MiniJson(String text) {
    this.text = text;
  }

  /** Parses one JSON object (keys in order); throws IllegalArgumentException on any syntax error. */
  public static Map<String, Object> parseObject(String text) {
    MiniJson parser = new MiniJson(text);
    Map<String, Object> object = parser.object();
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
      return object;
    }
    while (true) {
      String key = string();
      expect(':');
      if (object.put(key, value()) != null) {
        throw error("duplicate key " + key);
      }
      char next = text.charAt(at++);
      if (next == '}') {
        return object;
      }
      if (next != ',') {
        throw error("expected , or }");
      }
    }
  }

  private Object value() {
    char c = peek();
    if (c == '{') {
      return object();
    }
    if (c == '"') {
      return string();
    }
    int start = at;
    if (c == '-') {
      at++;
    }
    while (at < text.length() && Character.isDigit(text.charAt(at))) {
      at++;
    }
    if (at == start) {
      throw error("expected a value");
    }
    return new java.math.BigInteger(text.substring(start, at));
  }

  private String string() {
    expect('"');
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
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + at + " in " + text);
  }
}
