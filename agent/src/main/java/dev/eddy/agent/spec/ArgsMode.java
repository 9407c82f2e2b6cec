package dev.eddy.agent.spec;

/** How the arguments of a reported call are shown. */
public enum ArgsMode {
  /** {@code Foo.bar(1, "x")} */
  VALUES,
  /** {@code Foo.bar(int, java.lang.String)}: the declared parameter types. */
  TYPES,
  /** {@code Foo.bar/2} */
  ARITY,
  /** {@code Foo.bar(..)} */
  NONE
}
