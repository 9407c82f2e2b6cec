package dev.eddy.agent.session;

import java.util.List;

/**
 * A traced method as the advice names it: {@code "declaringClass methodName (paramTypes) returnType"}
 * (Byte Buddy's {@code #t #m #s #r}), parsed once per method.
 */
record MethodInfo(String className, String methodName, List<String> parameterTypes, boolean returnsVoid) {

  static MethodInfo parse(String origin) {
    String[] parts = origin.split(" ", 4);
    if (parts.length != 4 || !parts[2].startsWith("(") || !parts[2].endsWith(")")) {
      throw new IllegalArgumentException("unexpected advice origin '" + origin + "'");
    }
    String params = parts[2].substring(1, parts[2].length() - 1);
    return new MethodInfo(parts[0], parts[1], params.isEmpty() ? List.of() : List.of(params.split(",")),
        parts[3].equals("void"));
  }

  int arity() {
    return parameterTypes.size();
  }

  /** {@code pkg.Class.method} */
  String qualifiedName() {
    return className + "." + methodName;
  }

  /** True when {@code caller} is this method's class or nested in the same top-level class. */
  boolean isInside(Class<?> caller) {
    return topLevel(caller.getName()).equals(topLevel(className));
  }

  private static String topLevel(String name) {
    int dollar = name.indexOf('$');
    return dollar < 0 ? name : name.substring(0, dollar);
  }
}
