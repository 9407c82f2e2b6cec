package dev.eddy.agent.session;

import dev.eddy.agent.render.ValueRenderer;
import dev.eddy.agent.sink.MethodCallEvent;
import dev.eddy.agent.sink.MethodSummaryEvent;
import dev.eddy.agent.sink.TextSink;
import dev.eddy.agent.sink.TraceSessionEvent;
import dev.eddy.agent.spec.ArgsMode;
import dev.eddy.agent.spec.Durations;
import dev.eddy.agent.spec.Glob;
import dev.eddy.agent.spec.Scope;
import dev.eddy.agent.spec.SinkTarget;
import dev.eddy.agent.spec.ThreadFilter;
import dev.eddy.agent.spec.TraceSpec;
import dev.eddy.agent.spec.When;
import java.lang.StackWalker.StackFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * One bounded trace: decides which calls are reported, reserves each one against the limit before
 * formatting anything (so at most {@code limit} calls are ever reported, from any number of threads),
 * formats the lines and asks to be stopped when a bound trips. Stopping itself (restoring bytecode) is
 * done by the {@link Controller} on its own thread.
 */
final class TraceSession {
  private static final StackWalker WALKER = StackWalker.getInstance();
  private static final String AGENT_PACKAGE = "dev.eddy.agent.";

  /** What a session needs from its controller; implemented on the agent's control thread. */
  interface Control {
    /** Take the (already marked) session out soon, off the calling thread. */
    void stopSoon(TraceSession session);

    void schedule(Runnable task, Duration delay);
  }

  /** Grace for reported calls to return after the limit, so their return lines are not lost. */
  private static final Duration RETURN_GRACE = Duration.ofSeconds(1);

  /** Handed through the traced method to its exit advice. */
  sealed interface Token permits Call, Pending {
    TraceSession session();
  }

  /** A reported call whose return is reported too; {@code lineDropped}: its call line was. */
  record Call(TraceSession session, MethodInfo method, long startNanos, MethodCallEvent event, boolean lineDropped)
      implements Token {}

  /**
   * A call decided when it returns: its {@code when:} reads the outcome (then it is reported in one line),
   * or {@code mode:summary} times it.
   */
  record Pending(TraceSession session, MethodInfo method, Object self, Object[] args, long startNanos)
      implements Token {}

  final TraceSpec spec;
  /** When the instrumentation was in place: {@code time=} and the elapsed time in status count from here. */
  private volatile long armedNanos = System.nanoTime();
  /** Names of the classes currently carrying our advice, as Byte Buddy reported transforming them. */
  final Set<String> instrumented = ConcurrentHashMap.newKeySet();

  private final TextSink text;
  private final boolean jfr;
  private final ValueRenderer renderer;
  private final Set<Long> threadsAtStart;
  private final RateBreaker breaker;
  private final AtomicLong reserved = new AtomicLong();
  private final AtomicLong emitted = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong callsWithDroppedLines = new AtomicLong();
  // Bumped on every skipped call of a hot method: adders, not one contended counter.
  private final LongAdder skippedByScope = new LongAdder();
  private final LongAdder skippedByThreads = new LongAdder();
  private final LongAdder skippedByCondition = new LongAdder();
  private final LongAdder unreadableByCondition = new LongAdder();
  private final When when;
  /** mode:summary: each method's calls, counted and timed instead of reported one by one; else null. */
  private final ConcurrentHashMap<MethodInfo, MethodStats> stats;
  private final LongAdder summarized = new LongAdder();
  /** The session as a JFR event, begun when armed; null without sink=jfr. */
  private volatile TraceSessionEvent summary;
  private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
  private final Control control;
  private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();
  private volatile boolean limitReached;

  TraceSession(TraceSpec spec, TextSink text, Control control) {
    this.spec = spec;
    this.text = text;
    this.jfr = spec.effectiveSinks().contains(new SinkTarget.Jfr());
    this.renderer = new ValueRenderer(spec.depth(), spec.width());
    this.threadsAtStart = spec.threads().needsThreadSnapshot() ? liveThreadIds() : Set.of();
    this.breaker = spec.rate().map(r -> new RateBreaker(r.maxCalls(), r.window(), System::nanoTime)).orElse(null);
    this.control = control;
    this.when = spec.when().orElse(null);
    this.stats = spec.summaryInterval().isPresent() ? new ConcurrentHashMap<>() : null;
    // Load what formatting a line needs now, on the loading thread, not on the first traced call.
    renderer.renderAll(new Object[] {1L, "x", List.of('y'), new int[] {2}, null});
    renderer.renderThrown(new IllegalStateException("warm-up"));
  }

  boolean isActive() {
    return stopReason.get() == null;
  }

  Counts counts() {
    return new Counts(stats != null ? summarized.sum() : Math.min(reserved.get(), spec.limit()),
        callsWithDroppedLines.get(), text.drops(),
        skippedByScope.sum(), skippedByThreads.sum(), skippedByCondition.sum(), unreadableByCondition.sum());
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - armedNanos);
  }

  void armed() {
    armedNanos = System.nanoTime();
    if (jfr) {
      TraceSessionEvent event = new TraceSessionEvent();
      event.begin();
      summary = event;
    }
  }

  /** First caller wins; false when the session was already stopping. */
  boolean markStopping(StopReason reason) {
    return stopReason.compareAndSet(null, reason);
  }

  StopReason stopReason() {
    return stopReason.get();
  }

  Token onEnter(MethodInfo method, Object self, Object[] args, Class<?> caller) {
    if (!isActive()) {
      return null;
    }
    if (!threadSelected(Thread.currentThread())) {
      skippedByThreads.increment();
      return null;
    }
    if (spec.scope() == Scope.GLOBAL && caller != null && method.isInside(caller)) {
      skippedByScope.increment();
      return null;
    }
    if (when != null) {
      if (when.atExit()) {
        return new Pending(this, method, self, args, System.nanoTime());
      }
      if (!matches(self, args, null, null, 0)) {
        return null;
      }
    }
    if (stats != null) {
      return new Pending(this, method, self, args, System.nanoTime());
    }
    long number = reserve();
    if (number < 0) {
      return null;
    }
    if (spec.reportReturn()) {
      inFlight.incrementAndGet();
    }
    MethodCallEvent event = null;
    boolean dropped = false;
    try {
      String stack = spec.stackDepth() > 0 ? callerStack() : null;
      String callText = callText(method, args);
      if (!text.isEmpty() && !text.offer("[" + Thread.currentThread().getName() + "] " + callText
          + (stack == null ? "" : "\n" + stack))) {
        dropped = true;
        callsWithDroppedLines.incrementAndGet();
      }
      event = jfr ? jfrEvent(method, args, stack, number) : null;
    } finally {
      // Counted once the line is queued: the session stops only after every reserved call's line is in,
      // so the closing line comes after all of them even when another thread reserved the last number.
      if (emitted.incrementAndGet() == spec.limit()) {
        onLimitReached();
      }
    }
    return spec.reportReturn() ? new Call(this, method, System.nanoTime(), event, dropped) : null;
  }

  /** Only matching calls reach the breaker and the limit; -1 when this call is over either. */
  private long reserve() {
    if (breaker != null && !breaker.admit()) {
      requestStop(StopReason.rate(spec.rate().orElseThrow().text()));
      return -1;
    }
    long number = reserved.incrementAndGet();
    return number > spec.limit() ? -1 : number;
  }

  private boolean matches(Object self, Object[] args, Object returned, Throwable thrown, long elapsedNanos) {
    try {
      if (ConditionEvaluator.test(when.condition(), self, args, returned, thrown, elapsedNanos)) {
        return true;
      }
      skippedByCondition.increment();
    } catch (ConditionEvaluator.Unreadable e) {
      unreadableByCondition.increment();
      reportError("when:" + when.text() + " cannot read " + e.getMessage() + " (the call is not reported)");
    }
    return false;
  }

  void onExit(Token token, Object returned, Throwable thrown) {
    if (token instanceof Call call) {
      onExit(call, returned, thrown);
    } else {
      onExit((Pending) token, returned, thrown);
    }
  }

  private void onExit(Pending call, Object returned, Throwable thrown) {
    long elapsedNanos = System.nanoTime() - call.startNanos();
    if (!isActive() || when != null && when.atExit()
        && !matches(call.self(), call.args(), returned, thrown, elapsedNanos)) {
      return;
    }
    if (stats != null) {
      stats.computeIfAbsent(call.method(), MethodStats::new).record(elapsedNanos, thrown != null);
      summarized.increment();
      return;
    }
    long number = reserve();
    if (number < 0) {
      return;
    }
    try {
      MethodInfo m = call.method();
      String stack = spec.stackDepth() > 0 ? callerStack() : null;
      String result = thrown != null ? renderer.renderThrown(thrown)
          : m.returnsVoid() ? "void" : renderer.render(returned);
      String callText = callText(m, call.args());
      if (!text.isEmpty() && !text.offer("[" + Thread.currentThread().getName() + "] " + callText + " --> " + result
          + " (" + elapsedNanos / 1000 + " µs)" + (stack == null ? "" : "\n" + stack))) {
        callsWithDroppedLines.incrementAndGet();
      }
      if (jfr) {
        MethodCallEvent event = jfrEvent(m, call.args(), stack, number);
        if (event != null && event.shouldCommit()) {
          event.outcome = thrown != null ? "threw" : "returned";
          event.result = result;
          event.commit();
        }
      }
    } finally {
      if (emitted.incrementAndGet() == spec.limit()) {
        onLimitReached();
      }
    }
  }

  private void onExit(Call call, Object returned, Throwable thrown) {
    long elapsedMicros = (System.nanoTime() - call.startNanos()) / 1000;
    try {
      if (!isActive()) {
        return;
      }
      MethodInfo m = call.method();
      String result = thrown != null ? renderer.renderThrown(thrown)
          : m.returnsVoid() ? "void" : renderer.render(returned);
      if (!text.isEmpty() && !text.offer("[" + Thread.currentThread().getName() + "] "
          + m.qualifiedName() + "/" + m.arity() + " --> " + result + " (" + elapsedMicros + " µs)")
          && !call.lineDropped()) {
        callsWithDroppedLines.incrementAndGet();
      }
      MethodCallEvent event = call.event();
      if (event != null) {
        event.end();
      }
      if (event != null && event.shouldCommit()) {
        event.outcome = thrown != null ? "threw" : "returned";
        event.result = result;
        event.commit();
      }
    } finally {
      if (inFlight.decrementAndGet() == 0 && limitReached) {
        requestStop(StopReason.limit(spec.limit()));
      }
    }
  }

  /** An error of the agent's own (one line per distinct message), never thrown into traced code. */
  void reportError(String message) {
    if (reportedErrors.size() < 20 && reportedErrors.add(message) && !text.isEmpty()) {
      text.offer("eddy-trace: error: " + message);
    }
  }

  void offerLine(String line) {
    if (!text.isEmpty()) {
      text.offer(line);
    }
  }

  /**
   * mode:summary: one line per method called since the previous interval (or one saying there was none),
   * and with sink=jfr one event each. Runs on the control thread, and once more when the session closes.
   */
  synchronized void printInterval() {
    List<MethodStats> methods = new ArrayList<>(stats.values());
    methods.sort(Comparator.comparing(m -> m.method.qualifiedName() + "/" + m.method.arity()));
    boolean any = false;
    for (MethodStats m : methods) {
      MethodStats.Summary s = m.interval();
      if (s.calls() == 0) {
        continue;
      }
      any = true;
      offerLine("eddy-trace: summary " + s.text());
      if (jfr) {
        commit(s);
      }
    }
    if (!any) {
      offerLine("eddy-trace: summary: no matching calls in this interval");
    }
  }

  private static void commit(MethodStats.Summary s) {
    MethodSummaryEvent event = new MethodSummaryEvent();
    if (event.shouldCommit()) {
      event.method = s.method().qualifiedName() + "/" + s.method().arity();
      event.calls = s.calls();
      event.threw = s.threw();
      event.p50 = s.p50();
      event.p90 = s.p90();
      event.p99 = s.p99();
      event.max = s.max();
      event.commit();
    }
  }

  /** Commits the JFR summary (with sink=jfr) and writes the closing line after every queued line. */
  void close(String closingLine, int classesInstrumented) {
    if (stats != null) {
      printInterval();
      synchronized (this) {
        List<MethodStats> methods = new ArrayList<>(stats.values());
        methods.sort(Comparator.comparing(m -> m.method.qualifiedName() + "/" + m.method.arity()));
        for (MethodStats m : methods) {
          offerLine("eddy-trace: summary total " + m.total().text());
        }
      }
    }
    TraceSessionEvent event = summary;
    if (event != null && event.shouldCommit()) {
      Counts c = counts();
      event.end();
      event.spec = spec.text();
      event.stopReason = stopReason().text();
      event.callsReported = c.reported();
      event.callsWithDroppedLines = c.callsWithDroppedLines();
      event.linesDropped = c.linesDropped();
      event.callsSkippedByScope = c.skippedByScope();
      event.callsSkippedByThreads = c.skippedByThreads();
      event.classesInstrumented = classesInstrumented;
      event.commit();
    }
    text.close(closingLine, Duration.ofSeconds(2));
  }

  String describe() {
    return spec.text();
  }

  String boundsText() {
    if (stats != null) {
      return "time " + Durations.format(spec.time()) + ", a summary every "
          + Durations.format(spec.summaryInterval().orElseThrow());
    }
    return "limit " + spec.limit() + ", time " + Durations.format(spec.time())
        + spec.rate().map(r -> ", rate " + r.text()).orElse("");
  }

  private void onLimitReached() {
    limitReached = true;
    if (inFlight.get() == 0) {
      requestStop(StopReason.limit(spec.limit()));
    } else {
      control.schedule(() -> requestStop(StopReason.limit(spec.limit())), RETURN_GRACE);
    }
  }

  void requestStop(StopReason reason) {
    if (markStopping(reason)) {
      control.stopSoon(this);
    }
  }

  private boolean threadSelected(Thread thread) {
    ThreadFilter filter = spec.threads();
    if (filter.all()) {
      return true;
    }
    @SuppressWarnings("deprecation") // getId is the only id on JDK 17; stable for a thread's life
    long id = thread.getId();
    if (filter.newThreads() && !threadsAtStart.contains(id)) {
      return true;
    }
    if (filter.existingThreads() && threadsAtStart.contains(id)) {
      return true;
    }
    String name = thread.getName();
    for (Glob glob : filter.names()) {
      if (glob.matches(name)) {
        return true;
      }
    }
    return false;
  }

  private String callText(MethodInfo m, Object[] args) {
    ArgsMode mode = spec.args();
    return switch (mode) {
      case VALUES -> m.qualifiedName() + "(" + renderer.renderAll(args) + ")";
      case TYPES -> m.qualifiedName() + "(" + String.join(", ", m.parameterTypes()) + ")";
      case ARITY -> m.qualifiedName() + "/" + m.arity();
      case NONE -> m.qualifiedName() + "(..)";
    };
  }

  private MethodCallEvent jfrEvent(MethodInfo m, Object[] args, String stack, long number) {
    MethodCallEvent event = new MethodCallEvent();
    if (!event.isEnabled()) {
      return null;
    }
    event.declaringClass = m.className();
    event.method = m.methodName();
    event.arguments = spec.args() == ArgsMode.VALUES ? renderer.renderAll(args)
        : spec.args() == ArgsMode.TYPES ? String.join(", ", m.parameterTypes()) : null;
    event.callerStack = stack;
    event.callNumber = number;
    if (spec.reportReturn() || when != null && when.atExit()) {
      event.begin();
      return event;
    }
    event.outcome = "called";
    event.commit();
    return null;
  }

  /** The traced method's callers, {@code stack} frames deep, as {@code    at …} lines. */
  private String callerStack() {
    List<StackFrame> frames = WALKER.walk(all -> all
        .dropWhile(TraceSession::isAgentFrame)
        .skip(1) // the traced method itself, advice inlined
        .limit(spec.stackDepth())
        .collect(Collectors.toList()));
    StringBuilder s = new StringBuilder();
    for (StackFrame frame : frames) {
      if (s.length() > 0) {
        s.append('\n');
      }
      s.append("    at ").append(frame.toStackTraceElement());
    }
    return s.toString();
  }

  private static boolean isAgentFrame(StackFrame frame) {
    return frame.getClassName().startsWith(AGENT_PACKAGE);
  }

  @SuppressWarnings("deprecation")
  private static Set<Long> liveThreadIds() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 64];
    int n = root.enumerate(threads, true);
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < n; i++) {
      ids.add(threads[i].getId());
    }
    return Set.copyOf(ids);
  }
}
