package dev.eddy.agent.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.agent.spec.SpecParser.Origin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecParserTest {

  private static TraceSpec trace(String spec) throws SpecException {
    return (TraceSpec) SpecParser.parse(spec, Origin.COMMAND_LINE);
  }

  private static String error(String spec, Origin origin) {
    try {
      SpecParser.parse(spec, origin);
    } catch (SpecException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + spec);
  }

  @Test
  void defaultsKeepEverySessionBounded() throws SpecException {
    TraceSpec spec = trace("trace:com.example.Foo");
    assertThat(spec.limit()).isEqualTo(100);
    assertThat(spec.time()).isEqualTo(Duration.ofSeconds(60));
    assertThat(spec.rate()).isEmpty();
    assertThat(spec.reportReturn()).isFalse();
    assertThat(spec.args()).isEqualTo(ArgsMode.VALUES);
    assertThat(spec.stackDepth()).isZero();
    assertThat(spec.scope()).isEqualTo(Scope.LOCAL);
    assertThat(spec.threads()).isEqualTo(ThreadFilter.ALL);
    assertThat(spec.effectiveSinks()).containsExactly(new SinkTarget.Stdout());
  }

  @Test
  void colonAndEqualsFormsMeanTheSame() throws SpecException {
    TraceSpec colons = trace("trace:a.B#c*/1;x.**.Y,limit:5,time:10s,rate:3/500ms,return,args:types,stack:4,"
        + "scope:local,threads:new;w-*,sink:stderr;file:/tmp/t.log;jfr,depth:2,width:40");
    TraceSpec equals = trace("trace=a.B#c*/1;x.**.Y,limit=5,time=10s,rate=3/500ms,return,args=types,stack=4,"
        + "scope=local,threads=new;w-*,sink=stderr;file:/tmp/t.log;jfr,depth=2,width=40");
    assertThat(colons.text()).isEqualTo(equals.text());
    assertThat(colons.limit()).isEqualTo(5);
    assertThat(colons.rate()).contains(new Rate(3, Duration.ofMillis(500)));
    assertThat(colons.sinks()).containsExactly(new SinkTarget.Stderr(), new SinkTarget.File(Path.of("/tmp/t.log")),
        new SinkTarget.Jfr());
    assertThat(colons.threads().newThreads()).isTrue();
    assertThat(colons.threads().names()).extracting(Glob::text).containsExactly("w-*");
  }

  @Test
  void renderedTextParsesBackToTheSameSpec() throws SpecException {
    TraceSpec spec = trace("trace:a.B#c/2,limit:7,time:90s,return,stack,threads:existing,sink:file:/tmp/x");
    assertThat(trace(spec.text()).text()).isEqualTo(spec.text());
    assertThat(spec.stackDepth()).isEqualTo(TraceSpec.DEFAULT_STACK_DEPTH);
    assertThat(spec.time()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void jcmdTruncationIsNamedAsTheLikelyCause() {
    assertThat(error("trace", Origin.JCMD))
        .contains("'trace' arrived without a value: most likely jcmd cut 'trace=…' at the '='")
        .contains("trace:com.example.Foo#bar,limit:10");
    assertThat(error("trace:a.B,limit", Origin.JCMD)).contains("'limit' arrived without a value: most likely jcmd");
    assertThat(error("trace:a.B,limit", Origin.COMMAND_LINE)).isEqualTo(
        "'limit' needs a value: write limit:VALUE (or limit=VALUE outside jcmd)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"trace:*", "trace:**", "trace:**#*", "trace:*.*#get", "trace:**.*/1"})
  void patternsMatchingEveryClassAreRefused(String spec) {
    assertThat(error(spec, Origin.JCMD)).contains("would trace every class");
  }

  @ParameterizedTest
  @ValueSource(strings = {"trace:java.lang.String#length", "trace:java.lang.**", "trace:dev.eddy.agent.**",
      "trace:sun.nio.ch.*", "trace:jdk.internal.misc.Unsafe"})
  void packagesTheAgentRunsOnAreRefusedWithAReason(String spec) {
    assertThat(error(spec, Origin.JCMD)).startsWith("refusing to trace").contains("would recurse");
  }

  @Test
  void jdkPackagesOutsideTheAgentsOwnAreAccepted() throws SpecException {
    assertThat(trace("trace:java.util.zip.CRC32#getValue").patterns()).hasSize(1);
    assertThat(trace("trace:java.io.**#read").patterns()).hasSize(1);
  }

  /** Found by SpecFuzzTest: a NUL in a file sink's path escaped as InvalidPathException. */
  @Test
  void aFileSinkPathNoFileSystemTakesIsRefusedAsASpecError() {
    assertThat(error("status,sink:file:/\u0000\u0000tmp/s", Origin.JCMD))
        .startsWith("file sink 'file:/").contains("is not a usable path: Nul character not allowed");
    assertThat(error("trace:a.B,sink:file:/tmp/\u0000", Origin.COMMAND_LINE)).contains("is not a usable path");
  }

  @Test
  void badValuesGetOneClearLine() {
    assertThat(error("", Origin.JCMD)).startsWith("empty trace spec");
    assertThat(error("limit:5", Origin.JCMD)).startsWith("nothing to do");
    assertThat(error("trace:a.B,,limit:5", Origin.JCMD)).startsWith("empty item");
    assertThat(error("trace:a.B,colour:red", Origin.JCMD)).startsWith("unknown key 'colour'");
    assertThat(error("trace:a.B,limit:5,limit:6", Origin.JCMD)).contains("given twice");
    assertThat(error("trace:a.B,limit:-1", Origin.JCMD)).contains("limit must be a positive whole number");
    assertThat(error("trace:a.B,time:10", Origin.JCMD)).contains("time must be a duration like 500ms");
    assertThat(error("trace:a.B,time:0s", Origin.JCMD)).contains("longer than zero");
    assertThat(error("trace:a.B,rate:10", Origin.JCMD)).contains("rate must be CALLS/DURATION");
    assertThat(error("trace:a.B,args:all", Origin.JCMD)).contains("args must be values|types|arity|none");
    assertThat(error("trace:a.B,scope:module", Origin.JCMD)).contains("scope must be global|local");
    assertThat(error("trace:a.B,threads:all;x", Origin.JCMD)).contains("cannot be combined");
    assertThat(error("trace:a.B,sink:file:rel/t.log", Origin.JCMD)).contains("absolute path");
    assertThat(error("trace:a.B,sink:syslog", Origin.JCMD)).contains("must be stdout, stderr, file:/ABS/PATH or jfr");
    assertThat(error("trace:a.B,depth:99", Origin.JCMD)).contains("depth must be a whole number from 1 to 16");
    assertThat(error("trace:a.B,return:yes", Origin.JCMD)).contains("'return' takes no value");
    assertThat(error("trace:a.B/x", Origin.JCMD)).contains("arity");
    assertThat(error("trace:a.B#<init>", Origin.JCMD)).contains("constructors are not traced");
    assertThat(error("trace:a-b.C", Origin.JCMD)).contains("class glob 'a-b.C'");
    assertThat(error("clear,limit:4", Origin.JCMD)).contains("'clear' takes no other keys than sink");
  }

  @Test
  void summaryModeIsBoundedByTimeAlone() throws SpecException {
    TraceSpec spec = trace("trace:a.B,mode:summary,time:30s");
    assertThat(spec.summaryInterval()).contains(Duration.ofSeconds(1));
    assertThat(spec.text()).startsWith("trace:a.B,mode:summary,interval:1s,time:30s,").doesNotContain("limit");
    assertThat(trace(spec.text()).text()).isEqualTo(spec.text());
    assertThat(trace("trace:a.B,mode:summary,interval:250ms").summaryInterval()).contains(Duration.ofMillis(250));
    assertThat(trace("trace:a.B").summaryInterval()).isEmpty();
    assertThat(error("trace:a.B,mode:summary,limit:5", Origin.JCMD)).contains("'limit' does not go with mode:summary");
    assertThat(error("trace:a.B,mode:summary,return", Origin.JCMD)).contains("'return' does not go with mode:summary");
    assertThat(error("trace:a.B,interval:1s", Origin.JCMD)).contains("interval goes with mode:summary");
    assertThat(error("trace:a.B,mode:monitor", Origin.JCMD)).contains("mode must be lines|summary");
  }

  @Test
  void clearAndStatusTakeOptionalSinks() throws SpecException {
    assertThat(SpecParser.parse("clear", Origin.JCMD)).isEqualTo(new AgentCommand.Clear(List.of()));
    assertThat(SpecParser.parse("status,sink:file:/tmp/s", Origin.JCMD))
        .isEqualTo(new AgentCommand.Status(List.of(new SinkTarget.File(Path.of("/tmp/s")))));
  }

  @Test
  void doubleQuotedJcmdFormIsUnwrapped() throws SpecException {
    assertThat(trace("\"trace=a.B#c,limit=5\"").limit()).isEqualTo(5);
  }

  @Test
  void anExtraSinkIsAddedOnceAndKeepsTheOthers() throws SpecException {
    TraceSpec spec = trace("trace:a.B,sink:stderr").withExtraSink(new SinkTarget.File(Path.of("/tmp/e")));
    assertThat(spec.sinks()).containsExactly(new SinkTarget.Stderr(), new SinkTarget.File(Path.of("/tmp/e")));
    assertThat(trace(spec.text()).sinks()).isEqualTo(spec.sinks());
  }
}
