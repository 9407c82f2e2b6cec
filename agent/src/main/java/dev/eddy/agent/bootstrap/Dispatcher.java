package dev.eddy.agent.bootstrap;

/**
 * The only class that instrumented code references. The agent copies this package onto the bootstrap
 * class path once per JVM and plugs its handler in; with no session the hook is null and a stale
 * instrumented frame costs one volatile read.
 */
public final class Dispatcher {
  public static volatile TraceHook hook;

  private Dispatcher() {}

  public static Object enter(String origin, Object[] args) {
    TraceHook h = hook;
    return h == null ? null : h.onEnter(origin, args);
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
