package dev.eddy.agent.session;

import dev.eddy.agent.bootstrap.TraceHook;
import java.util.concurrent.ConcurrentHashMap;

/** The hook behind the bootstrap dispatcher: guards against re-entry and hands calls to the session. */
final class TraceHandler implements TraceHook {
  static final TraceHandler INSTANCE = new TraceHandler();

  private final ConcurrentHashMap<String, MethodInfo> methods = new ConcurrentHashMap<>();
  volatile TraceSession session;

  private TraceHandler() {}

  void start(TraceSession next) {
    methods.clear();
    session = next;
  }

  @Override
  public Object onEnter(String origin, Object self, Object[] args, Class<?> caller) {
    TraceSession s = session;
    if (s == null || !AgentGuard.tryEnter()) {
      return null;
    }
    try {
      return s.onEnter(methods.computeIfAbsent(origin, MethodInfo::parse), self, args, caller);
    } catch (Throwable t) {
      s.reportError("tracing a call failed (the call itself went on): " + t);
      return null;
    } finally {
      AgentGuard.exit();
    }
  }

  @Override
  public void onExit(Object token, Object returned, Throwable thrown) {
    if (!(token instanceof TraceSession.Token call) || !AgentGuard.tryEnter()) {
      return;
    }
    try {
      call.session().onExit(call, returned, thrown);
    } catch (Throwable t) {
      call.session().reportError("tracing a return failed (the call itself went on): " + t);
    } finally {
      AgentGuard.exit();
    }
  }
}
