package dev.eddy.agent.spec;

import java.util.OptionalInt;

/** One {@code ClassGlob[#methodGlob][/arity]} item of {@code trace=}. */
public record MethodPattern(Glob classGlob, Glob methodGlob, OptionalInt arity) {

  public boolean matchesClass(String className) {
    return classGlob.matches(className);
  }

  public boolean matchesMethod(String methodName, int parameterCount) {
    return methodGlob.matches(methodName) && (arity.isEmpty() || arity.getAsInt() == parameterCount);
  }

  public String text() {
    String method = methodGlob.text().equals("*") ? "" : "#" + methodGlob.text();
    return classGlob.text() + method + (arity.isPresent() ? "/" + arity.getAsInt() : "");
  }
}
