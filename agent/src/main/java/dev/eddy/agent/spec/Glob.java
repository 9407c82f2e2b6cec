package dev.eddy.agent.spec;

import java.util.regex.Pattern;

/**
 * A name glob: {@code *} matches within one segment (no {@code .}), {@code **} matches across segments.
 * A {@code .} also matches the {@code $} of a nested class, so {@code Outer.Inner} is written as in Java.
 * Kept with its source text so specs can be echoed back exactly.
 */
public record Glob(String text, Pattern regex) {

  /** A class or method name glob (method names have no dots, so both wildcards match alike there). */
  public static Glob of(String text) {
    return new Glob(text, Pattern.compile(toRegex(text)));
  }

  public boolean matches(CharSequence name) {
    return regex.matcher(name).matches();
  }

  /** The part before the first wildcard: every name this glob matches starts with it. */
  public String literalPrefix() {
    int star = text.indexOf('*');
    return star < 0 ? text : text.substring(0, star);
  }

  /** True when the glob names nothing but wildcards and dots, so it would match every class. */
  public boolean isWildcardOnly() {
    return text.chars().allMatch(c -> c == '*' || c == '.');
  }

  private static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        i++;
        // `a.**.B` must also match `a.B` (zero packages in between).
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '.') {
          regex.append("(?:.*\\.)?");
          i++;
        } else {
          regex.append(".*");
        }
      } else if (c == '*') {
        regex.append("[^.]*");
      } else if (c == '.') {
        regex.append("[.$]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
