package dev.eddy.agent;

import static dev.eddy.agent.it.TargetJvm.awaitFileLine;
import static dev.eddy.agent.it.TargetJvm.matching;
import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code when:} clauses through the real jcmd: each session traces one method of {@code Guarded} while the
 * target calls it with i = 0..9, and the test asserts exactly which calls were reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConditionsIT {
  private static final String GUARDED = "dev.eddy.tracetest.Guarded";
  private static final String STOPPED = "eddy-trace: stopped (";
  private static final String CALL = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} \\[main\\] ";

  @TempDir Path dir;
  private TargetJvm target;

  @BeforeAll
  void startTarget() throws Exception {
    target = TargetJvm.start(List.of());
  }

  @AfterAll
  void stopTarget() {
    target.close();
  }

  /** Traces {@code method} under {@code when}, runs the calls, clears; returns the first argument of each reported call. */
  private List<String> reported(String method, String when) throws Exception {
    List<String> lines = session(method, "when:" + when);
    return matching(lines, CALL + ".*").stream()
        .map(l -> l.replaceFirst(CALL + GUARDED.replace(".", "\\.") + "\\." + method + "\\((-?\\d+).*", "$1"))
        .toList();
  }

  private List<String> session(String method, String options) throws Exception {
    Path log = Files.createTempFile(dir, method, ".log");
    target.loadAgent("trace:" + GUARDED + "#" + method + ",limit:1000,time:30s," + options + ",sink:file:" + log);
    assertThat(target.send("guarded", "guarded")).isEqualTo("guarded thrown=6");
    target.loadAgent("clear");
    return awaitFileLine(log, STOPPED);
  }

  @Test
  void intLongDoubleAndBooleanArgumentsCompareAsNumbersAndBooleans() throws Exception {
    assertThat(reported("pick", "arg0>6")).containsExactly("7", "8", "9");
    assertThat(reported("pick", "arg1.ge.5000&&arg1<8000")).containsExactly("5", "6", "7");
    assertThat(reported("pick", "arg2.eq.1.5")).containsExactly("3");
    assertThat(reported("pick", "arg3.eq.false")).containsExactly("1", "3", "5", "7", "9");
    assertThat(reported("pick", "(arg0<2||arg0>8)&&!arg3.eq.true")).containsExactly("1", "9");
  }

  @Test
  void theReceiversFieldsAreReadWithoutCallingAnything() throws Exception {
    assertThat(reported("pick", "this.state.eq.OPEN")).containsExactly("0", "2", "4", "6", "8");
    assertThat(reported("pick", "this.state<>OPEN&&arg0<4")).containsExactly("1", "3");
    assertThat(reported("pick", "this.level>3&&this.level.le.5")).containsExactly("4", "5");
  }

  @Test
  void aValueOfTheWrongTypeAtRunTimeIsReportedOnceAndCountedNotMatched() throws Exception {
    // describe(Object): the check cannot know the type; the target passes an object that is not a number.
    Path log = dir.resolve("unreadable.log");
    target.loadAgent("trace:dev.eddy.tracetest.Work#describe,when:arg0>5,sink:file:" + log);
    target.send("grumpy", "grumpy");
    target.send("grumpy", "grumpy");
    target.loadAgent("clear");
    List<String> lines = awaitFileLine(log, STOPPED);
    assertThat(matching(lines, CALL + ".*")).isEmpty();
    assertThat(matching(lines, ".*eddy-trace: error: when:arg0>5 cannot read arg0 is a dev\\.eddy\\.tracetest\\.Work\\$Grumpy,"
        + " not a number \\(the call is not reported\\)")).hasSize(1);
    assertThat(lines.get(lines.size() - 1)).contains("0 calls reported, ").contains("; 0 calls not matching when:arg0>5;"
        + " 2 calls when: could not read;");
  }

  @Test
  void aStringIsComparedInJcmdsQuotedFormWhereEqualsSurvives() throws Exception {
    Path log = dir.resolve("strings.log");
    // The whole spec in double quotes: jcmd passes it intact, '=' included; strings then take single quotes.
    target.loadAgent("\"trace:" + GUARDED + "#pick,limit:1000,when:arg4=='peer-3'||arg4.eq.'peer-5',sink:file:" + log + "\"");
    target.send("guarded", "guarded");
    target.loadAgent("clear");
    assertThat(matching(awaitFileLine(log, STOPPED), CALL + ".*")).extracting(l -> l.replaceFirst(CALL, ""))
        .containsExactly(GUARDED + ".pick(3, 3000, 1.5, false, \"peer-3\")", GUARDED + ".pick(5, 5000, 2.5, false, \"peer-5\")");
  }

  @Test
  void returnValuesNullAndElapsedAreDecidedWhenTheCallReturns() throws Exception {
    List<String> lines = session("maybe", "when:return.eq.null");
    assertThat(matching(lines, CALL + ".*")).extracting(l -> l.replaceFirst(CALL, "").replaceFirst(" \\(\\d+ µs\\)$", ""))
        .containsExactly(
        GUARDED + ".maybe(0) --> null", GUARDED + ".maybe(3) --> null", GUARDED + ".maybe(6) --> null",
        GUARDED + ".maybe(9) --> null");
    assertThat(reported("maybe", "return<>null&&arg0<3")).containsExactly("1", "2");
    assertThat(reported("slow", "elapsed>100ms")).containsExactly("7");
  }

  @Test
  void exceptionsMatchByClassOrSuperclassName() throws Exception {
    assertThat(reported("check", "threw")).containsExactly("0", "1", "4", "5", "8", "9");
    assertThat(reported("check", "threw:IOException")).containsExactly("0", "4", "8");
    assertThat(reported("check", "threw:java.lang.RuntimeException")).containsExactly("1", "5", "9");
    assertThat(reported("check", "!threw")).containsExactly("2", "3", "6", "7");
  }

  @Test
  void onlyMatchingCallsCountTowardTheLimitAndTheRestAreCounted() throws Exception {
    Path log = Files.createTempFile(dir, "limit", ".log");
    target.loadAgent("trace:" + GUARDED + "#pick,limit:2,when:arg0>4,sink:file:" + log);
    target.send("guarded", "guarded");
    List<String> lines = awaitFileLine(log, STOPPED);
    assertThat(matching(lines, CALL + ".*")).hasSize(2);
    assertThat(lines.get(lines.size() - 1)).contains("stopped (limit of 2 calls reached): 2 calls reported, ")
        .contains("; 5 calls not matching when:arg0>4;");
  }

  @Test
  void badConditionsAreRefusedWithThePositionAndChangeNothing() throws Exception {
    assertRefused("trace:" + GUARDED + "#pick,when:arg9>1",
        "condition 'arg9>1', at position 1: arg9 does not exist, the method has 5 parameters in " + GUARDED
            + ".pick(int, long, double, boolean, String) (nothing changed)");
    assertRefused("trace:" + GUARDED + "#pick,when:arg0>1&&arg4>5",
        "condition 'arg0>1&&arg4>5', at position 9: arg4 is a java.lang.String, not a number in " + GUARDED + ".pick");
    assertRefused("trace:" + GUARDED + "#pick,when:this.state.eq.SHUT",
        "at position 1: this.state: dev.eddy.tracetest.Guarded$State has no constant SHUT");
    assertRefused("trace:" + GUARDED + "#maybe,when:this.state.eq.OPEN", "this does not exist, the method is static");
    assertRefused("trace:" + GUARDED + "#pick,when:arg0>1&&(arg1<", "condition 'arg0>1&&(arg1<', at position 15:"
        + " a value must follow the comparison");
    // jcmd cuts a token at its first '=': the agent sees "when:arg1" and must not match anything.
    assertRefused("trace:" + GUARDED + "#pick,when:arg1==5", "'arg1' compares nothing: a condition needs a comparison:"
        + " most likely jcmd cut the spec at an '='");
    Path status = dir.resolve("status.log");
    target.loadAgent("status,sink:file:" + status);
    assertThat(Files.readString(status)).contains("status: no active session").contains("instrumented classes (0): none");
  }

  private void assertRefused(String spec, String message) throws Exception {
    assertThat(target.refuseAgent(spec)).contains(message);
  }
}
