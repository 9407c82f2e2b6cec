package dev.eddy.agent.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code threads=all|new|existing|NAMEGLOB[;…]}: a call is traced when its thread matches any item.
 * {@code new} and {@code existing} are relative to the threads alive when the session starts.
 */
public record ThreadFilter(boolean all, boolean newThreads, boolean existingThreads, List<Glob> names) {
  public static final ThreadFilter ALL = new ThreadFilter(true, false, false, List.of());

  public boolean needsThreadSnapshot() {
    return newThreads || existingThreads;
  }

  public String text() {
    if (all) {
      return "all";
    }
    StringBuilder s = new StringBuilder();
    if (newThreads) {
      s.append("new;");
    }
    if (existingThreads) {
      s.append("existing;");
    }
    s.append(names.stream().map(Glob::text).collect(Collectors.joining(";")));
    return s.charAt(s.length() - 1) == ';' ? s.substring(0, s.length() - 1) : s.toString();
  }
}
