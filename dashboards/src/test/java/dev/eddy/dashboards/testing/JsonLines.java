package dev.eddy.dashboards.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses JSON Lines (one object per line) into maps, lists, strings, longs and booleans, for tests. */
public final class JsonLines {
  private final String s;
  private int i;

  private JsonLines(String s) {
    this.s = s;
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> parse(String text) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        JsonLines p = new JsonLines(line.strip());
        objects.add((Map<String, Object>) p.value());
        if (p.i != p.s.length()) {
          throw new IllegalArgumentException("trailing characters in " + line);
        }
      }
    }
    return objects;
  }

  private Object value() {
    char c = s.charAt(i);
    if (c == '{') {
      Map<String, Object> map = new LinkedHashMap<>();
      i++;
      if (s.charAt(i) == '}') {
        i++;
        return map;
      }
      do {
        String key = (String) value();
        expect(':');
        map.put(key, value());
      } while (next(','));
      expect('}');
      return map;
    }
    if (c == '[') {
      List<Object> list = new ArrayList<>();
      i++;
      if (s.charAt(i) == ']') {
        i++;
        return list;
      }
      do {
        list.add(value());
      } while (next(','));
      expect(']');
      return list;
    }
    if (c == '"') {
      StringBuilder b = new StringBuilder();
      i++;
      while (s.charAt(i) != '"') {
        char ch = s.charAt(i++);
        if (ch == '\\') {
          char esc = s.charAt(i++);
          switch (esc) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'u' -> {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> b.append(esc);
          }
        } else {
          b.append(ch);
        }
      }
      i++;
      return b.toString();
    }
    for (String word : new String[] {"true", "false", "null"}) {
      if (s.startsWith(word, i)) {
        i += word.length();
        return word.equals("null") ? null : Boolean.valueOf(word);
      }
    }
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String number = s.substring(start, i);
    return number.matches("-?\\d+") ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
  }

  private boolean next(char c) {
    if (s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (s.charAt(i++) != c) {
      throw new IllegalArgumentException("expected " + c + " at " + (i - 1) + " in " + s);
    }
  }
}
