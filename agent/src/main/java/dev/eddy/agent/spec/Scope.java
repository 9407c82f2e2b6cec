package dev.eddy.agent.spec;

/** Which calls of a matching method are reported. */
public enum Scope {
  /**
   * recon's meaning: only calls entering the class from another class (its nested classes count as the
   * class itself). The calls it leaves out are counted, so a quiet trace says why.
   */
  GLOBAL,
  /** The default, as in Arthas, BTrace and JFR: every call of every matching method, private and same-class calls too. */
  LOCAL
}
