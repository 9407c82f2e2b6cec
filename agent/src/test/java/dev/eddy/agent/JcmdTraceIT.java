package dev.eddy.agent;

import static dev.eddy.agent.it.TargetJvm.awaitFileLine;
import static dev.eddy.agent.it.TargetJvm.matching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.agent.it.ProbeResult;
import dev.eddy.agent.it.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's guarantees in one real child JVM, driven with the real jcmd. Every test ends its session, so
 * the tests share the JVM (and prove along the way that repeated loads reconfigure the same agent).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JcmdTraceIT {
  private static final String WORK = "dev.eddy.tracetest.Work";
  private static final String SELF = "dev.eddy.tracetest.SelfCaller";
  private static final String STOPPED = "eddy-trace: stopped (";
  private static final String CALL = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} \\[[^]]+\\] ";

  @TempDir Path dir;
  private TargetJvm target;

  @BeforeAll
  void startTarget() throws Exception {
    target = TargetJvm.start(List.of());
  }

  @AfterAll
  void stopTarget() throws Exception {
    target.close();
  }

  private Path sink(String name) {
    return dir.resolve(name + ".log");
  }

  @Test
  void limitReportsExactlyNCallsFromEightThreadsThenRestoresOriginalBytecode() throws Exception {
    target.send("calls warmup 1", "done warmup"); // Work is loaded, so the probe can see it
    ProbeResult before = ProbeResult.probe(target, dir, WORK, "square");
    target.send("hot 8", "hot 8");
    try {
      Path log = sink("limit");
      target.loadAgent("trace:" + WORK + "#square,limit:50,return,sink:file:" + log);
      List<String> lines = awaitFileLine(log, STOPPED);

      assertThat(matching(lines, CALL + WORK + "\\.square\\(\\d+\\)")).hasSize(50);
      assertThat(matching(lines, CALL + WORK + "\\.square/1 --> \\d+ \\(\\d+ µs\\)")).hasSize(50);
      assertThat(lines.get(lines.size() - 1))
          .contains("stopped (limit of 50 calls reached): 50 calls reported, 0 calls with dropped lines, 0 lines dropped;")
          .contains("original bytecode restored in 1 class");
      int tracing = indexOf(lines, "eddy-trace: tracing: instrumentation in place in 1 class (installing took ");
      assertThat(tracing).as("the tracing line comes after the started line").isGreaterThan(indexOf(lines, "eddy-trace: started "));
      assertThat(lines.subList(0, tracing)).noneMatch(l -> l.matches(CALL + ".*"));
    } finally {
      assertThat(target.send("stop", "stopped")).endsWith("mismatches=0");
    }
    Path status = sink("limit-status");
    target.loadAgent("status,sink:file:" + status);
    assertThat(Files.readAllLines(status)).contains("eddy-trace: status: instrumented classes (0): none");

    ProbeResult after = ProbeResult.probe(target, dir, WORK, "square");
    assertThat(after.dispatcherHits()).as("calls reaching the dispatcher after restore").isZero();
    assertThat(after.classSha256()).isEqualTo(before.classSha256());
  }

  private static int indexOf(List<String> lines, String start) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("\\S+ " + java.util.regex.Pattern.quote(start) + ".*")) {
        return i;
      }
    }
    throw new AssertionError("no line starting '" + start + "' in:\n" + String.join("\n", lines));
  }

  @Test
  void linesFromEightThreadsComeOutInTimestampOrderAndTheCountsAddUp() throws Exception {
    target.send("hot 8", "hot 8");
    try {
      Path log = sink("order");
      target.loadAgent("trace:" + WORK + "#square,limit:1000,return,sink:file:" + log);
      List<String> lines = awaitFileLine(log, STOPPED);
      List<String> stamped = matching(lines, "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} .*");
      assertThat(stamped).extracting(l -> l.substring(0, 15)).isSorted();
      assertThat(matching(lines, CALL + ".*").stream().map(l -> l.replaceFirst("^\\S+ \\[([^]]+)\\] .*", "$1")).distinct())
          .as("threads the lines came from").hasSizeGreaterThan(1);
      // Every reported call has a call line and a return line, written or counted as dropped.
      String closing = lines.get(lines.size() - 1);
      long dropped = Long.parseLong(closing.replaceAll(".*, ([\\d,]+) lines? dropped.*", "$1").replace(",", ""));
      long callsHit = Long.parseLong(closing.replaceAll(".* ([\\d,]+) calls? with dropped lines.*", "$1").replace(",", ""));
      long written = matching(lines, CALL + WORK + "\\.square(\\(\\d+\\)|/1 --> .*)").size();
      assertThat(closing).contains("1,000 calls reported");
      assertThat(written + dropped).isEqualTo(2000);
      assertThat(callsHit).isBetween((dropped + 1) / 2, dropped);
    } finally {
      assertThat(target.send("stop", "stopped")).endsWith("mismatches=0");
    }
  }

  @Test
  void summaryModeCountsEveryCallPerMethodWithPercentilesThenRestores() throws Exception {
    target.send("calls warmup 1", "done warmup");
    ProbeResult before = ProbeResult.probe(target, dir, WORK, "square");
    Path log = sink("summary");
    target.loadAgent("trace:" + WORK + "#square;" + WORK + "#fail,mode:summary,interval:300ms,time:60s,sink:file:" + log);
    awaitFileLine(log, "eddy-trace: tracing:");
    target.send("calls summed 5000", "done summed");
    assertThat(target.send("fail 7", "failed")).isEqualTo("failed mismatches=0");
    target.loadAgent("clear");
    List<String> lines = awaitFileLine(log, STOPPED);

    String stamp = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} eddy-trace: summary ";
    String percentiles = ", p50 [\\d.]+ [µm]s, p90 [\\d.]+ [µm]s, p99 [\\d.]+ [µm]s, max [\\d.]+ [µm]s";
    assertThat(matching(lines, stamp + "total " + WORK + "\\.square/1: 5,000 calls, 0 threw" + percentiles)).hasSize(1);
    assertThat(matching(lines, stamp + "total " + WORK + "\\.fail/1: 7 calls, 7 threw" + percentiles)).hasSize(1);
    long perInterval = matching(lines, stamp + WORK + "\\.square/1: [\\d,]+ calls.*").stream()
        .mapToLong(l -> Long.parseLong(l.replaceAll(".*: ([\\d,]+) calls.*", "$1").replace(",", ""))).sum();
    assertThat(perInterval).as("the intervals add up to the total").isEqualTo(5000);
    assertThat(matching(lines, CALL + ".*")).as("no line per call").isEmpty();
    assertThat(lines.get(lines.size() - 1)).contains("stopped (cleared): 5,007 calls reported,")
        .contains("original bytecode restored in 1 class");
    assertThat(ProbeResult.probe(target, dir, WORK, "square").classSha256()).isEqualTo(before.classSha256());
  }

  @Test
  void onTheTargetsOwnStdoutTraceLinesAndTheApplicationsLinesStayWhole() throws Exception {
    int from = target.stdoutSize();
    target.loadAgent("trace:" + WORK + "#square,limit:3000,return"); // default sink: the target's stdout
    target.awaitStdout(from, line -> line.contains("eddy-trace: tracing"));
    // The main thread prints a line per call while the agent's writer prints that call's two lines.
    target.send("chatter 20000", "chattered");
    target.awaitStdout(from, line -> line.contains(STOPPED));
    List<String> all = target.stdout();
    List<String> lines = all.subList(from, all.size());
    assertThat(lines.stream().filter(l -> l.contains(WORK + ".square")))
        .hasSizeGreaterThan(1000) // of 6000; a full queue drops lines, never parts of lines
        .allMatch(l -> l.matches(CALL + WORK + "\\.square(\\(\\d+\\)|/1 --> \\d+ \\(\\d+ µs\\))"));
    assertThat(lines.stream().filter(l -> l.contains("chatter ")))
        .hasSize(20000)
        .allMatch(l -> l.matches("chatter \\d+ \\d+"));
  }

  @Test
  void probeSeesInstrumentationWhileTracingSoItsVerdictCanFail() throws Exception {
    target.send("calls warmup 1", "done warmup");
    ProbeResult before = ProbeResult.probe(target, dir, WORK, "square");
    Path log = sink("control");
    target.loadAgent("trace:" + WORK + "#square,limit:1000,time:30s,sink:file:" + log);
    ProbeResult during = ProbeResult.probe(target, dir, WORK, "square");
    target.loadAgent("clear");
    awaitFileLine(log, STOPPED);

    assertThat(during.dispatcherHits()).isEqualTo(1000);
    assertThat(during.classSha256()).isNotEqualTo(before.classSha256());
    assertThat(awaitFileLine(log, STOPPED).get(awaitFileLine(log, STOPPED).size() - 1)).contains("stopped (cleared)");
  }

  @Test
  void timeStopsASessionWithNoCalls() throws Exception {
    Path log = sink("time");
    long start = System.nanoTime();
    target.loadAgent("trace:" + WORK + "#rare,time:700ms,limit:1000000,sink:file:" + log);
    List<String> lines = awaitFileLine(log, STOPPED);
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(lines.get(lines.size() - 1)).contains("stopped (time limit of 700ms reached): 0 calls reported, ");
    assertThat(tookMs).isGreaterThanOrEqualTo(700);
  }

  @Test
  void rateBreakerTripsAndSaysSo() throws Exception {
    target.send("hot 4", "hot 4");
    try {
      Path log = sink("rate");
      target.loadAgent("trace:" + WORK + "#square,rate:20/1s,limit:100000,time:30s,sink:file:" + log);
      List<String> lines = awaitFileLine(log, STOPPED);

      assertThat(lines.get(lines.size() - 1)).contains("stopped (rate breaker tripped: more than 20 calls in 1s)");
      assertThat(matching(lines, CALL + WORK + "\\.square\\(\\d+\\)")).hasSizeLessThanOrEqualTo(20);
    } finally {
      assertThat(target.send("stop", "stopped")).endsWith("mismatches=0");
    }
  }

  @Test
  void tracedMethodsThrowExactlyWhatTheyThrewUntraced() throws Exception {
    Path log = sink("throw");
    target.loadAgent("trace:" + WORK + "#fail,return,stack:2,limit:3,sink:file:" + log);
    assertThat(target.send("fail 5", "failed")).isEqualTo("failed mismatches=0");
    List<String> lines = awaitFileLine(log, STOPPED);

    assertThat(matching(lines, CALL + WORK + "\\.fail\\(\\d\\)")).hasSize(3);
    assertThat(matching(lines, "    at dev\\.eddy\\.tracetest\\.TraceTarget\\.checkFail\\(TraceTarget\\.java:\\d+\\)")).hasSize(3);
    assertThat(matching(lines, "    at dev\\.eddy\\.tracetest\\.TraceTarget\\.main\\(TraceTarget\\.java:\\d+\\)")).hasSize(3);
    assertThat(lines).anyMatch(l -> l.matches(
        CALL + WORK + "\\.fail/1 --> threw java\\.lang\\.IllegalStateException: bad 0 \\(\\d+ µs\\)"));
  }

  @Test
  void jcmdTruncationAndBadSpecsAreRefusedWithOneLineAndANonZeroReturnCodeAndChangeNothing() throws Exception {
    assertThat(target.refuseAgent("trace=" + WORK + "#square,limit=5")) // jcmd delivers only "trace"
        .contains("'trace' arrived without a value: most likely jcmd cut 'trace=…' at the '='");
    assertThat(target.refuseAgent("trace:**#*")).contains("would trace every class");
    assertThat(target.refuseAgent("trace:java.lang.String#length")).contains("refusing to trace 'java.lang.String#length'");
    assertThat(target.refuseAgent("trace:" + WORK + "#square,limit:0")).contains("limit must be a positive whole number");
    assertThat(target.refuseAgent("trace:" + WORK + "#square,colour:blue")).contains("unknown key 'colour'");

    // The failed loads leave the agent usable and nothing instrumented.
    Path status = sink("bad-status");
    target.loadAgent("status,sink:file:" + status);
    assertThat(Files.readString(status)).contains("status: no active session")
        .contains("instrumented classes (0): none");
    Path trace = sink("after-refusals");
    target.send("hot 1", "hot 1");
    try {
      target.loadAgent("trace:" + WORK + "#square,limit:3,sink:file:" + trace);
      assertThat(matching(TargetJvm.awaitFileLine(trace, "eddy-trace: stopped"), CALL + WORK + "\\.square\\(\\d+\\)"))
          .hasSize(3);
    } finally {
      target.send("stop", "stopped");
    }
  }

  @Test
  void byDefaultEveryCallIsTracedAndGlobalScopeCountsWhatItSkips() throws Exception {
    Path local = sink("scope-default");
    target.loadAgent("trace:" + WORK + "#outer;" + WORK + "#inner;" + WORK + "#helper,limit:10,sink:file:" + local);
    target.send("scope", "scope");
    target.loadAgent("clear");
    List<String> l = awaitFileLine(local, STOPPED);
    assertThat(matching(l, CALL + ".*")).extracting(s -> s.replaceFirst(CALL, ""))
        .containsExactly(WORK + ".outer(3)", WORK + ".inner(4)", WORK + ".helper(3)", WORK + ".inner(5)");
    assertThat(l.get(l.size() - 1)).doesNotContain("skipped");

    Path global = sink("scope-global");
    target.loadAgent("trace:" + WORK + "#outer;" + WORK + "#inner;" + WORK + "#helper,scope:global,limit:10,time:2s,sink:file:" + global);
    target.send("scope", "scope");
    target.loadAgent("clear");
    List<String> g = awaitFileLine(global, STOPPED);
    assertThat(matching(g, CALL + ".*")).extracting(s -> s.replaceFirst(CALL, ""))
        .containsExactly(WORK + ".outer(3)", WORK + ".inner(5)");
    // inner(4) from outer, and the private helper: both called from inside Work.
    assertThat(g.get(g.size() - 1)).contains(
        ": 2 calls reported, 0 calls with dropped lines, 0 lines dropped; 2 calls from the same class skipped by scope:global;");
  }

  @Test
  void aClassCallingItsOwnMethodFromItsOwnThreadsIsTracedByDefault() throws Exception {
    Path traced = sink("self-default");
    target.loadAgent("trace:" + SELF + "#work,limit:100000,time:30s,sink:file:" + traced);
    assertThat(target.send("self 8 125", "self")).isEqualTo("self calls=1000");
    Path status = sink("self-status");
    target.loadAgent("status,sink:file:" + status);
    target.loadAgent("clear");
    List<String> lines = awaitFileLine(traced, STOPPED);
    assertThat(matching(lines, CALL + SELF + "\\.work\\(\\d+\\)")).hasSize(1000);
    assertThat(lines.get(lines.size() - 1)).contains("stopped (cleared): 1,000 calls reported, 0 calls with dropped lines, 0 lines dropped;");
    assertThat(Files.readString(status)).contains("1,000 calls reported, 0 calls with dropped lines, 0 lines dropped");

    Path global = sink("self-global");
    target.loadAgent("trace:" + SELF + "#work;" + SELF + "#step,scope:global,limit:100000,time:30s,sink:file:" + global);
    assertThat(target.send("self 8 125", "self")).isEqualTo("self calls=1000");
    Path globalStatus = sink("self-global-status");
    target.loadAgent("status,sink:file:" + globalStatus);
    target.loadAgent("clear");
    List<String> quiet = awaitFileLine(global, STOPPED);
    assertThat(matching(quiet, CALL + ".*")).isEmpty();
    assertThat(Files.readString(globalStatus)).contains("0 calls reported, 0 calls with dropped lines, 0 lines dropped;"
        + " 2,000 calls from the same class skipped by scope:global");
    assertThat(quiet.get(quiet.size() - 1)).contains("stopped (cleared): 0 calls reported, 0 calls with dropped lines,"
        + " 0 lines dropped; 2,000 calls from the same class skipped by scope:global;");
  }

  @Test
  void threadFiltersSelectExactlyTheirThreads() throws Exception {
    Path named = sink("threads-named");
    target.loadAgent("trace:" + WORK + "#square,threads:alpha-*;gamma,limit:100,sink:file:" + named);
    target.send("calls alpha-1 2", "done alpha-1");
    target.send("calls beta-1 2", "done beta-1");
    target.send("calls gamma 1", "done gamma");
    target.loadAgent("clear");
    assertThat(matching(awaitFileLine(named, STOPPED), CALL + ".*")).extracting(s -> s.replaceFirst("^\\S+ ", ""))
        .containsExactly("[alpha-1] " + WORK + ".square(1)", "[alpha-1] " + WORK + ".square(2)",
            "[gamma] " + WORK + ".square(1)");

    target.send("hot 1", "hot 1"); // an existing thread: busy before the session starts
    try {
      Path fresh = sink("threads-new");
      target.loadAgent("trace:" + WORK + "#square,threads:new,limit:100,time:3s,sink:file:" + fresh);
      target.send("calls late-1 2", "done late-1");
      target.loadAgent("clear");
      List<String> freshLines = awaitFileLine(fresh, STOPPED);
      assertThat(matching(freshLines, CALL + ".*")).extracting(s -> s.replaceFirst("^\\S+ ", ""))
          .containsExactly("[late-1] " + WORK + ".square(1)", "[late-1] " + WORK + ".square(2)");
      assertThat(freshLines.get(freshLines.size() - 1)).containsPattern(
          "; [1-9][\\d,]* calls? on other threads skipped by threads:new;");

      Path existing = sink("threads-existing");
      target.loadAgent("trace:" + WORK + "#square,threads:existing,limit:5,time:10s,sink:file:" + existing);
      target.send("calls late-2 2", "done late-2");
      List<String> lines = awaitFileLine(existing, STOPPED);
      assertThat(matching(lines, CALL + ".*")).hasSize(5).allMatch(s -> s.contains("[hot-0]"));
    } finally {
      target.send("stop", "stopped");
    }
  }

  @Test
  void aJdkClassIsTracedThroughTheBootstrapDispatcher() throws Exception {
    Path log = sink("jdk");
    target.loadAgent("trace:java.util.zip.CRC32#getValue,return,limit:1,sink:file:" + log);
    String answer = target.send("jdk", "jdk");
    List<String> lines = awaitFileLine(log, STOPPED);
    String crc = answer.substring("jdk ".length());

    assertThat(matching(lines, CALL + "java\\.util\\.zip\\.CRC32\\.getValue\\(\\)")).hasSize(1);
    assertThat(lines).anyMatch(l -> l.matches(CALL + "java\\.util\\.zip\\.CRC32\\.getValue/0 --> " + crc + " \\(\\d+ µs\\)"));
  }

  @Test
  void aSimpleClassNameAndAMethodReferenceWorkAsAJavaUserTypesThem() throws Exception {
    Path log = sink("java-syntax");
    target.loadAgent("trace:Work::square/1,limit:2,sink:file:" + log);
    target.send("calls typed 2", "done typed");
    List<String> lines = awaitFileLine(log, STOPPED);
    assertThat(matching(lines, CALL + WORK + "\\.square\\([12]\\)")).hasSize(2);
    assertThat(lines.get(0)).contains("started trace:**.Work#square/1,");
  }

  @Test
  void argumentsShowAsDeclaredTypesOrArity() throws Exception {
    Path types = sink("args-types");
    target.loadAgent("trace:" + WORK + "#square,args:types,limit:1,sink:file:" + types);
    target.send("calls typed 1", "done typed");
    assertThat(matching(awaitFileLine(types, STOPPED), CALL + WORK + "\\.square\\(long\\)")).hasSize(1);

    Path arity = sink("args-arity");
    target.loadAgent("trace:" + WORK + "#square,args:arity,limit:1,sink:file:" + arity);
    target.send("calls counted 1", "done counted");
    assertThat(matching(awaitFileLine(arity, STOPPED), CALL + WORK + "\\.square/1")).hasSize(1);
  }

  @Test
  void aNewTraceReplacesTheRunningOne() throws Exception {
    Path first = sink("first");
    Path second = sink("second");
    target.loadAgent("trace:" + WORK + "#rare,time:30s,sink:file:" + first);
    target.loadAgent("trace:" + WORK + "#rare,time:300ms,sink:file:" + second);
    List<String> a = awaitFileLine(first, STOPPED);
    assertThat(a.get(a.size() - 1)).contains("stopped (replaced by a new trace)");
    assertThat(awaitFileLine(second, STOPPED)).anyMatch(l -> l.contains("stopped (time limit of 300ms reached)"));
  }

  @Test
  void theTargetsOwnByteBuddyKeepsWorkingAndOursIsNeverTraced() throws Exception {
    Path log = sink("bytebuddy");
    target.loadAgent("trace:**.ByteBuddy#subclass,limit:1000,time:20s,sink:file:" + log);
    assertThat(target.send("bytebuddy", "bytebuddy"))
        .isEqualTo("bytebuddy hello from the target's Byte Buddy net.bytebuddy.ByteBuddy");
    Path status = sink("bytebuddy-status");
    target.loadAgent("status,sink:file:" + status);
    target.loadAgent("clear");
    List<String> lines = awaitFileLine(log, STOPPED);

    assertThat(Files.readString(status)).contains("instrumented classes (1): net.bytebuddy.ByteBuddy");
    assertThat(matching(lines, CALL + "net\\.bytebuddy\\.ByteBuddy\\.subclass\\(.*")).isNotEmpty();
    assertThat(String.join("\n", lines)).doesNotContain("dev.eddy.agent.shaded");
  }

  @Test
  void aThrowingToStringIsShownAsSuch() throws Exception {
    Path log = sink("grumpy");
    // Grumpy.toString is traced too, but the agent calling it to render an argument is never reported.
    target.loadAgent("trace:" + WORK + "#describe;" + WORK + "$Grumpy#toString,scope:local,limit:5,time:3s,sink:file:" + log);
    assertThat(target.send("grumpy", "grumpy")).isEqualTo("grumpy described");
    target.loadAgent("clear");
    List<String> lines = awaitFileLine(log, STOPPED);
    assertThat(matching(lines, CALL + ".*")).containsExactly(lines.stream()
        .filter(l -> l.matches(CALL + WORK + "\\.describe\\(<toString threw java\\.lang\\.UnsupportedOperationException>\\)"))
        .toArray(String[]::new));
    assertThat(matching(lines, CALL + ".*")).hasSize(1);
  }
}
