package dev.eddy.agent.spec;

/**
 * A parsed {@code when:} clause with the text it came from.
 *
 * @param atExit decided when the call returns (it reads the return value, the exception or the elapsed time)
 */
public record When(String text, Condition condition, boolean atExit) {
  public static When of(String text, Condition condition) {
    return new When(text, condition, Condition.needsExit(condition));
  }
}
