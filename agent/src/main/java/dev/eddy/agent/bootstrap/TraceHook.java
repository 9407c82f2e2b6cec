package dev.eddy.agent.bootstrap;

/**
 * What the inlined advice calls through {@link Dispatcher}. Lives on the bootstrap class path with the
 * dispatcher so that every traced class, whatever its loader (JDK classes included), can see it.
 */
public interface TraceHook {
  /**
   * @param origin {@code "declaringClass methodName (paramTypes) returnType"}, a constant per method
   * @param self the receiver, or null in a static method
   * @param caller the class that called the traced method (global scope), or null
   * @return a token for {@link #onExit}, or null when the call is not reported
   */
  Object onEnter(String origin, Object self, Object[] args, Class<?> caller);

  void onExit(Object token, Object returned, Throwable thrown);
}
