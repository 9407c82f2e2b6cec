package dev.eddy.agent;

import dev.eddy.agent.instrument.BootstrapInjector;
import dev.eddy.agent.session.Controller;
import dev.eddy.agent.sink.Messages;
import dev.eddy.agent.spec.SpecParser;
import java.lang.instrument.Instrumentation;
import java.util.Optional;

/**
 * Entry point for {@code -javaagent:eddy-agent.jar=SPEC} and for every dynamic load (jcmd
 * {@code JVMTI.agent_load}, the attach API). Only hands off: the dispatcher must reach the bootstrap
 * class path before any class that names it is loaded.
 */
public final class AgentMain {
  private AgentMain() {}

  /** A refusal at start-up is reported and the application starts anyway: a throw here would stop the JVM. */
  public static void premain(String spec, Instrumentation inst) {
    if (spec == null || spec.isBlank()) {
      return; // loaded ahead of time, idle until a later load asks for a trace
    }
    run(spec, inst, SpecParser.Origin.COMMAND_LINE);
  }

  /**
   * A refusal is thrown from here because that is the only way a dynamic load can fail: jcmd then prints
   * {@code return code: 102} instead of 0 (JDK 17 and 25; jcmd's own exit status stays 0) and the attach API
   * throws {@code AgentInitializationException}. The JVM carries on and later loads work as usual.
   */
  public static void agentmain(String spec, Instrumentation inst) {
    Optional<String> refusal = run(spec, inst, SpecParser.Origin.JCMD);
    if (refusal.isPresent()) {
      throw new Refused(refusal.get());
    }
  }

  private static Optional<String> run(String spec, Instrumentation inst, SpecParser.Origin origin) {
    long loadNanos = System.nanoTime();
    try {
      BootstrapInjector.ensureInjected(inst);
    } catch (Throwable t) {
      String message = "cannot put the trace dispatcher on the bootstrap class path: " + t + " (nothing changed)";
      System.err.println(Messages.PREFIX + "error: " + message);
      return Optional.of(message);
    }
    return Controller.apply(spec, inst, origin, loadNanos);
  }

  /**
   * The JVM prints this under its own stack trace of the failed load; the reason is already on stderr, so
   * the exception carries no stack of its own to add to that noise.
   */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super("eddy-trace refused this load: " + reason, null, false, false);
    }
  }
}
