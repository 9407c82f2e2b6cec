package dev.eddy.agent.spec;

/** Which calls of a matching method are reported. */
public enum Scope {
  /** Calls entering the class from another class (its nested classes count as the class itself). */
  GLOBAL,
  /** Every call of every matching method, private and same-class calls too. */
  LOCAL
}
