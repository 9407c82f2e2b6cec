package dev.eddy.agent.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the agent's option string (FUZZING.md), which arrives from the command
 * line, from jcmd or from the attach client. Whatever the text: the parser accepts it or throws a
 * {@link SpecException} with a message for the user, never anything else (the target JVM's agent thread
 * would get it); an error inside a {@code when:} clause gives a position inside that clause; and an
 * accepted spec, echoed in its colon form, parses again to the same command.
 */
class SpecFuzzTest {
  private static final Pattern CONDITION_ERROR = Pattern.compile("condition '(.*)', at position (\\d+): .+", Pattern.DOTALL);

  @MethodSource("specs")
  @FuzzTest
  void acceptsOrExplainsEverySpec(String spec) {
    for (SpecParser.Origin origin : SpecParser.Origin.values()) {
      AgentCommand command;
      try {
        command = SpecParser.parse(spec, origin);
      } catch (SpecException e) {
        assertExplains(e);
        continue;
      }
      String echoed = command.text();
      try {
        assertThat(SpecParser.parse(echoed, SpecParser.Origin.JCMD).text()).as("echo of %s", spec).isEqualTo(echoed);
      } catch (SpecException e) {
        throw new AssertionError("accepted '" + spec + "' but not its own echo '" + echoed + "': " + e.getMessage(), e);
      }
    }
  }

  private static void assertExplains(SpecException e) {
    assertThat(e.getMessage()).isNotBlank();
    Matcher m = CONDITION_ERROR.matcher(e.getMessage());
    if (m.matches()) {
      assertThat(Integer.parseInt(m.group(2))).as(e.getMessage()).isBetween(1, m.group(1).length() + 1);
    }
  }

  /** Seeds: the forms the README and the parser tests use, good and bad. */
  static Stream<String> specs() {
    return Stream.of(
        "trace:com.example.Foo#bar,limit:10",
        "trace=a.B#c*/1;x.**.Y,limit=5,time=10s,rate=3/500ms,return,args=types,stack=4,scope=global",
        "\"trace=a.B#c,limit=5\"",
        "trace:a.B#c/2,limit:7,time:90s,return,stack,threads:existing,sink:file:/tmp/x",
        "trace:a.B,scope:local,threads:new;w-*,sink:stderr;file:/tmp/t.log;jfr,depth:2,width:40",
        "trace:a.B,mode:summary,interval:250ms,time:30s",
        "trace:Foo::bar/1,when:!threw||arg1.x.y<>'a b'&&(return==null)",
        "trace:**.Decoder#decode,when:elapsed.gt.1.5ms",
        "trace:dev.eddy.peer.channel.*#on*,when:arg0>5&&!threw:java.io.IOException,args:arity",
        "trace:a.B,when:this.state eq OPEN||arg0.ge.-3",
        "trace:a.B,limit",
        "trace:a.B,threads:all;x",
        "trace:java.lang.String#length",
        "status,sink:file:/tmp/s",
        "clear");
  }
}
