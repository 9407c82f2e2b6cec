package dev.eddy.agent.session;

import dev.eddy.agent.bootstrap.Dispatcher;
import dev.eddy.agent.instrument.Instrumenter;
import dev.eddy.agent.sink.Messages;
import dev.eddy.agent.sink.TextSink;
import dev.eddy.agent.spec.AgentCommand;
import dev.eddy.agent.spec.Durations;
import dev.eddy.agent.spec.SinkTarget;
import dev.eddy.agent.spec.SpecException;
import dev.eddy.agent.spec.SpecParser;
import dev.eddy.agent.spec.TraceSpec;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * The agent's state for the whole JVM. Every load of the agent jar (premain, each jcmd or attach load)
 * lands here: the jar is on the system class path once, so these statics survive repeated loads, while
 * each load brings its own {@link Instrumentation}, which is why a session keeps the one that installed it.
 */
public final class Controller {
  private static final Object LOCK = new Object();

  private static final ScheduledThreadPoolExecutor CONTROL = new ScheduledThreadPoolExecutor(1, r -> {
    Thread t = new Thread(() -> {
      AgentGuard.enter(); // retransformation and closing lines are the agent's own work
      r.run();
    }, "eddy-trace-control");
    t.setDaemon(true);
    return t;
  });

  static {
    // A replaced or cleared session's time limit must not linger in the queue holding the session.
    CONTROL.setRemoveOnCancelPolicy(true);
  }

  // All guarded by LOCK.
  private static TraceSession active;
  private static Session installed;
  private static String lastEnd = "none since the JVM started";
  private static boolean exitHookAdded;

  /** A running session with what is needed to take it out again. */
  private record Session(TraceSession trace, Instrumentation inst, ResettableClassFileTransformer transformer,
      List<ScheduledFuture<?>> timers) {}

  private Controller() {}

  /**
   * Applies one agent option string; never throws into the caller (the target's agent loading thread).
   * A refusal has already been written to the target's stderr and the command's sinks when this returns;
   * the caller decides whether to make the load itself fail as well.
   *
   * @param loadNanos {@link System#nanoTime()} when the agent was entered, for the "tracing" line
   * @return why the command was refused, or empty if it was carried out
   */
  public static Optional<String> apply(String specText, Instrumentation inst, SpecParser.Origin origin,
      long loadNanos) {
    AgentGuard.enter();
    try {
      AgentCommand command;
      try {
        command = SpecParser.parse(specText, origin);
      } catch (SpecException e) {
        return refuse(e.getMessage() + " (nothing changed)", List.of());
      }
      synchronized (LOCK) {
        if (command instanceof AgentCommand.Status status) {
          Messages.write(statusLines(), status.sinks());
        } else if (command instanceof AgentCommand.Clear clear) {
          TraceSession current = active;
          if (current == null) {
            Messages.write(List.of(Messages.PREFIX + "nothing to clear; last session: " + lastEnd), clear.sinks());
          } else {
            current.markStopping(StopReason.CLEARED);
            finish(current);
            Messages.write(List.of(Messages.PREFIX + "cleared: " + lastEnd), clear.sinks());
          }
        } else {
          return start((TraceSpec) command, inst, loadNanos);
        }
      }
      return Optional.empty();
    } catch (Throwable t) {
      return refuse("internal failure, nothing was traced: " + t, List.of());
    } finally {
      AgentGuard.exit();
    }
  }

  private static Optional<String> refuse(String message, List<SinkTarget> sinks) {
    Messages.error(message, sinks);
    return Optional.of(message);
  }

  private static Optional<String> start(TraceSpec spec, Instrumentation inst, long loadNanos) {
    if (spec.effectiveSinks().contains(new SinkTarget.Jfr()) && ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
      return refuse("sink jfr needs the jdk.jfr module, which this JVM does not have (nothing changed)", spec.sinks());
    }
    Instrumenter.preload(inst, spec.patterns());
    if (spec.when().isPresent()) {
      try {
        ConditionEvaluator.check(spec.when().get(), Instrumenter.loadedMatchingMethods(inst, spec.patterns()));
      } catch (SpecException e) {
        return refuse(e.getMessage() + " (nothing changed)", spec.sinks());
      }
    }
    TextSink text;
    try {
      text = TextSink.open(spec.effectiveSinks(), TextSink.DEFAULT_CAPACITY);
    } catch (IOException | RuntimeException e) {
      return refuse("cannot open the trace output: " + e + " (nothing changed)", spec.sinks());
    }
    if (active != null) {
      active.markStopping(StopReason.REPLACED);
      finish(active);
    }
    addExitHookOnce();
    TraceSession session = new TraceSession(spec, text, SESSION_CONTROL);
    session.offerLine(Messages.PREFIX + "started " + spec.text());
    active = session;
    ResettableClassFileTransformer transformer;
    try {
      transformer = Instrumenter.install(inst, spec, observer(session));
    } catch (RuntimeException | LinkageError e) {
      String why = "could not install instrumentation: " + e;
      session.markStopping(StopReason.failed(why));
      finish(session);
      return Optional.of(why); // the closing line has said it
    }
    session.armed();
    long tookMs = (System.nanoTime() - loadNanos) / 1_000_000;
    int classes = session.instrumented.size();
    session.offerLine(Messages.PREFIX + "tracing: " + (classes == 0
        ? "no loaded class matches " + spec.patternText() + " yet; classes that load later are traced when they load"
        : "instrumentation in place in " + classes + (classes == 1 ? " class" : " classes"))
        + " (installing took " + tookMs + " ms)");
    // Calls are reported from here on: the "tracing" line is queued, so no call line comes before it.
    TraceHandler.INSTANCE.start(session);
    Dispatcher.hook = TraceHandler.INSTANCE;
    List<ScheduledFuture<?>> timers = new ArrayList<>();
    timers.add(CONTROL.schedule(() -> session.requestStop(StopReason.time(Durations.format(spec.time()))),
        spec.time().toNanos(), TimeUnit.NANOSECONDS));
    spec.summaryInterval().ifPresent(interval -> timers.add(CONTROL.scheduleAtFixedRate(
        () -> {
          try {
            session.printInterval();
          } catch (RuntimeException e) {
            session.reportError("summary failed: " + e); // a periodic task that throws is never run again
          }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS)));
    installed = new Session(session, inst, transformer, List.copyOf(timers));
    // Only classes that load later need the warm-up, so it waits until tracing has begun.
    CONTROL.execute(Instrumenter::warmUp);
    return Optional.empty();
  }

  /** How sessions reach the control thread: stops and delayed checks never run on a traced thread. */
  private static final TraceSession.Control SESSION_CONTROL = new TraceSession.Control() {
    @Override
    public void stopSoon(TraceSession session) {
      CONTROL.execute(() -> finishNow(session));
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
      CONTROL.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  };

  private static void finishNow(TraceSession session) {
    synchronized (LOCK) {
      finish(session);
    }
  }

  /** Takes the session out (restoring bytecode) and writes its closing line; idempotent. */
  private static void finish(TraceSession session) {
    if (installed == null || installed.trace() != session) {
      if (active == session) {
        // Installation failed before a transformer existed.
        detach(session);
        session.close(closingLine(session, "nothing was instrumented"), 0);
      }
      return;
    }
    detach(session);
    Session s = installed;
    installed = null;
    s.timers().forEach(timer -> timer.cancel(false));
    int classes = session.instrumented.size();
    List<String> failures = new ArrayList<>();
    long startNs = System.nanoTime();
    boolean removed = Instrumenter.uninstall(s.inst(), s.transformer(), session.instrumented, observer(session, failures));
    long tookMs = (System.nanoTime() - startNs) / 1_000_000;
    if (!removed) {
      failures.add("the transformer was no longer registered");
    }
    session.instrumented.clear();
    session.close(closingLine(session, failures.isEmpty()
        ? "original bytecode restored in " + classes + (classes == 1 ? " class" : " classes") + " (" + tookMs + " ms)"
        : "restoring bytecode FAILED: " + String.join("; ", failures)), classes);
  }

  private static void detach(TraceSession session) {
    if (active == session) {
      active = null;
      Dispatcher.hook = null;
      TraceHandler.INSTANCE.session = null;
    }
    session.markStopping(StopReason.CLEARED);
  }

  private static String closingLine(TraceSession session, String restored) {
    String counts = session.counts().text(session.spec);
    lastEnd = session.describe() + " stopped (" + session.stopReason().text() + "): " + counts;
    return Messages.PREFIX + "stopped (" + session.stopReason().text() + "): " + counts + "; " + restored;
  }

  private static List<String> statusLines() {
    List<String> lines = new ArrayList<>();
    TraceSession s = active;
    if (s == null) {
      lines.add(Messages.PREFIX + "status: no active session; last session: " + lastEnd);
      lines.add(Messages.PREFIX + "status: instrumented classes (0): none");
    } else {
      lines.add(Messages.PREFIX + "status: active " + s.describe() + " (" + s.boundsText() + "), "
          + s.elapsed().toMillis() + " ms elapsed: " + s.counts().text(s.spec));
      TreeSet<String> classes = new TreeSet<>(s.instrumented);
      lines.add(Messages.PREFIX + "status: instrumented classes (" + classes.size() + "): "
          + (classes.isEmpty() ? "none" : String.join(", ", classes)));
    }
    return lines;
  }

  private static Instrumenter.Observer observer(TraceSession session) {
    return observer(session, null);
  }

  private static Instrumenter.Observer observer(TraceSession session, List<String> restoreFailures) {
    return new Instrumenter.Observer() {
      @Override
      public void onInstrumented(String className) {
        session.instrumented.add(className);
      }

      @Override
      public void onFailed(String className, Throwable error) {
        session.reportError("could not instrument " + className + ": " + error);
      }

      @Override
      public void onRestoreFailed(List<Class<?>> classes, Throwable error) {
        if (restoreFailures != null) {
          restoreFailures.add(classes + ": " + error);
        }
      }
    };
  }

  private static void addExitHookOnce() {
    if (exitHookAdded) {
      return;
    }
    exitHookAdded = true;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      AgentGuard.enter();
      TraceSession s;
      synchronized (LOCK) {
        s = active;
        if (s == null) {
          return;
        }
        s.markStopping(StopReason.JVM_EXIT);
        detach(s);
      }
      // No point restoring bytecode in a JVM that is going away; just say why the trace ended.
      s.close(closingLine(s, "bytecode left as is, the JVM is exiting"), s.instrumented.size());
    }, "eddy-trace-exit"));
  }
}
