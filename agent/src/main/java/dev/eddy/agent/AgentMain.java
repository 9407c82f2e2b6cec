package dev.eddy.agent;

import dev.eddy.agent.instrument.BootstrapInjector;
import dev.eddy.agent.session.Controller;
import dev.eddy.agent.spec.SpecParser;
import java.lang.instrument.Instrumentation;

/**
 * Entry point for {@code -javaagent:eddy-agent.jar=SPEC} and for every dynamic load (jcmd
 * {@code JVMTI.agent_load}, the attach API). Only hands off: the dispatcher must reach the bootstrap
 * class path before any class that names it is loaded.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void premain(String spec, Instrumentation inst) {
    if (spec == null || spec.isBlank()) {
      return; // loaded ahead of time, idle until a later load asks for a trace
    }
    run(spec, inst, SpecParser.Origin.COMMAND_LINE);
  }

  public static void agentmain(String spec, Instrumentation inst) {
    run(spec, inst, SpecParser.Origin.JCMD);
  }

  private static void run(String spec, Instrumentation inst, SpecParser.Origin origin) {
    long loadNanos = System.nanoTime();
    try {
      BootstrapInjector.ensureInjected(inst);
    } catch (Throwable t) {
      System.err.println("eddy-trace: error: cannot put the trace dispatcher on the bootstrap class path: " + t
          + " (nothing changed)");
      return;
    }
    Controller.apply(spec, inst, origin, loadNanos);
  }
}
