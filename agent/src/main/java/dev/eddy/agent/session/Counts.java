package dev.eddy.agent.session;

import dev.eddy.agent.spec.Scope;
import dev.eddy.agent.spec.TraceSpec;
import java.util.Locale;

/**
 * What a session has counted, each number named for what it counts: a reported call has one line (two
 * with {@code return}), so lines dropped and calls with dropped lines differ. Calls a filter left out are
 * shown whenever that filter is set, so a quiet trace says why.
 *
 * @param reported calls reported (counted against {@code limit})
 * @param callsWithDroppedLines reported calls at least one of whose lines the full output queue dropped
 * @param linesDropped lines (call, return or message) the full output queue dropped
 * @param skippedByScope calls from inside the method's own class, left out by {@code scope:global}
 * @param skippedByThreads calls on threads that {@code threads:} does not select
 * @param skippedByCondition calls that did not match {@code when:}
 * @param unreadableByCondition calls whose values {@code when:} could not read (wrong type, missing field)
 */
record Counts(long reported, long callsWithDroppedLines, long linesDropped, long skippedByScope, long skippedByThreads,
    long skippedByCondition, long unreadableByCondition) {

  String text(TraceSpec spec) {
    StringBuilder s = new StringBuilder()
        .append(n(reported)).append(reported == 1 ? " call" : " calls").append(" reported, ")
        .append(n(callsWithDroppedLines)).append(callsWithDroppedLines == 1 ? " call" : " calls").append(" with dropped lines, ")
        .append(n(linesDropped)).append(linesDropped == 1 ? " line" : " lines").append(" dropped");
    if (spec.scope() == Scope.GLOBAL) {
      s.append("; ").append(n(skippedByScope)).append(skippedByScope == 1 ? " call" : " calls")
          .append(" from the same class skipped by scope:global");
    }
    if (!spec.threads().all()) {
      s.append("; ").append(n(skippedByThreads)).append(skippedByThreads == 1 ? " call" : " calls")
          .append(" on other threads skipped by threads:").append(spec.threads().text());
    }
    spec.when().ifPresent(w -> {
      s.append("; ").append(n(skippedByCondition)).append(skippedByCondition == 1 ? " call" : " calls")
          .append(" not matching when:").append(w.text());
      if (unreadableByCondition > 0) {
        s.append("; ").append(n(unreadableByCondition)).append(unreadableByCondition == 1 ? " call" : " calls")
            .append(" when: could not read");
      }
    });
    return s.toString();
  }

  private static String n(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
