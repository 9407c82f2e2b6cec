package dev.eddy.agent.spec;

import java.util.List;
import java.util.Optional;

/**
 * A {@code when:} clause, recon's match specs for the JVM: comparisons of arguments, the receiver's fields,
 * the return value, the thrown exception and the elapsed time, combined with {@code && || !}. Conditions
 * read values and fields only and never call a method, so evaluating one never runs user code.
 */
public sealed interface Condition {

  record And(Condition left, Condition right) implements Condition {}

  record Or(Condition left, Condition right) implements Condition {}

  record Not(Condition operand) implements Condition {}

  /** {@code threw} or {@code threw:SimpleOrQualifiedName} (the exception's class or one of its superclasses). */
  record Threw(Optional<String> type) implements Condition {}

  /** {@code operand OP literal}; {@code position} is where it starts in the clause, for error messages. */
  record Compare(Operand operand, Op op, Literal literal, int position) implements Condition {}

  enum Op {
    EQ, NE, LT, LE, GT, GE;

    public boolean ordering() {
      return this != EQ && this != NE;
    }

    public boolean test(int comparison) {
      return switch (this) {
        case EQ -> comparison == 0;
        case NE -> comparison != 0;
        case LT -> comparison < 0;
        case LE -> comparison <= 0;
        case GT -> comparison > 0;
        case GE -> comparison >= 0;
      };
    }
  }

  /** What a comparison reads. */
  sealed interface Operand {
    /** Field names read one after the other from the base value, e.g. {@code this.peer.state}. */
    List<String> fields();

    String text();
  }

  record Arg(int index, List<String> fields) implements Operand {
    public String text() {
      return "arg" + index + path(fields);
    }
  }

  record This(List<String> fields) implements Operand {
    public String text() {
      return "this" + path(fields);
    }
  }

  record Return(List<String> fields) implements Operand {
    public String text() {
      return "return" + path(fields);
    }
  }

  record Elapsed() implements Operand {
    public List<String> fields() {
      return List.of();
    }

    public String text() {
      return "elapsed";
    }
  }

  sealed interface Literal {}

  record Num(double value, boolean integral) implements Literal {}

  /** A duration, for {@code elapsed}, in nanoseconds. */
  record Nanos(long value) implements Literal {}

  record Str(String value) implements Literal {}

  record Bool(boolean value) implements Literal {}

  record Null() implements Literal {}

  /** A bare name: an enum constant, compared with the value's {@code name()} (read as a field, not called). */
  record Name(String value) implements Literal {}

  /** True when evaluating needs the call's outcome, so the decision is made when the call returns. */
  static boolean needsExit(Condition c) {
    if (c instanceof And a) {
      return needsExit(a.left()) || needsExit(a.right());
    }
    if (c instanceof Or o) {
      return needsExit(o.left()) || needsExit(o.right());
    }
    if (c instanceof Not n) {
      return needsExit(n.operand());
    }
    if (c instanceof Compare cmp) {
      return cmp.operand() instanceof Return || cmp.operand() instanceof Elapsed;
    }
    return true; // Threw
  }

  private static String path(List<String> fields) {
    return fields.isEmpty() ? "" : "." + String.join(".", fields);
  }
}
