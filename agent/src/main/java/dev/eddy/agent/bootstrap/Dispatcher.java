package dev.eddy.agent.bootstrap;

/**
 * The only class that instrumented code references. The agent copies this package onto the bootstrap
 * class path once per JVM and plugs its handler in; with no session the hook is null and a stale
 * instrumented frame costs one volatile read.
 */
public final class Dispatcher {
  public static volatile TraceHook hook;

  /**
   * For global scope the inlined advice asks this walker for {@code getCallerClass()}: called from the
   * traced method's own frame it names that method's caller, far cheaper than walking the stack.
   */
  public static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private Dispatcher() {}

  /** @param caller the traced method's caller, or null when the session does not need it */
  public static Object enter(String origin, Object self, Object[] args, Class<?> caller) {
    TraceHook h = hook;
    return h == null ? null : h.onEnter(origin, self, args, caller);
  }

  public static void exit(Object token, Object returned, Throwable thrown) {
    if (token != null) {
      TraceHook h = hook;
      if (h != null) {
        h.onExit(token, returned, thrown);
      }
    }
  }
}
