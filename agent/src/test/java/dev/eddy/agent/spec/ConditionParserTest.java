package dev.eddy.agent.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.agent.spec.Condition.Compare;
import dev.eddy.agent.spec.Condition.Op;
import dev.eddy.agent.spec.SpecParser.Origin;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConditionParserTest {

  private static Condition parse(String text) throws SpecException {
    return ConditionParser.parse(text, Origin.JCMD).condition();
  }

  private static String error(String text, Origin origin) {
    try {
      ConditionParser.parse(text, origin);
    } catch (SpecException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + text);
  }

  @ParameterizedTest
  @CsvSource({"arg0==5, EQ", "arg0.eq.5, EQ", "arg0 eq 5, EQ", "arg0!=5, NE", "arg0<>5, NE", "arg0.ne.5, NE",
      "arg0<5, LT", "arg0.lt.5, LT", "arg0<=5, LE", "arg0.le.5, LE", "arg0>5, GT", "arg0.gt.5, GT",
      "arg0>=5, GE", "arg0.ge.5, GE"})
  void everyOperatorHasASpellingWithoutEquals(String text, Op op) throws SpecException {
    assertThat(parse(text)).isEqualTo(new Compare(new Condition.Arg(0, List.of()), op, new Condition.Num(5, true), 0));
  }

  @Test
  void precedenceIsNotThenAndThenOr() throws SpecException {
    Condition c = parse("!threw||arg1.x.y<>'a b'&&(return==null)");
    assertThat(c).isEqualTo(new Condition.Or(
        new Condition.Not(new Condition.Threw(Optional.empty())),
        new Condition.And(
            new Compare(new Condition.Arg(1, List.of("x", "y")), Op.NE, new Condition.Str("a b"), 8),
            new Compare(new Condition.Return(List.of()), Op.EQ, new Condition.Null(), 26))));
  }

  @Test
  void elapsedTakesADurationAndThrewAClassName() throws SpecException {
    assertThat(parse("elapsed.gt.1.5ms")).isEqualTo(
        new Compare(new Condition.Elapsed(), Op.GT, new Condition.Nanos(1_500_000), 0));
    assertThat(ConditionParser.parse("elapsed>5ms", Origin.JCMD).atExit()).isTrue();
    assertThat(ConditionParser.parse("this.state.eq.OPEN", Origin.JCMD).atExit()).isFalse();
    assertThat(parse("threw:java.io.IOException")).isEqualTo(new Condition.Threw(Optional.of("java.io.IOException")));
    assertThat(error("elapsed>5", Origin.JCMD)).contains("at position 9: elapsed compares with a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"arg1", "arg0>1||arg1", "(arg0", "!this.state"})
  void whatJcmdLeavesOfAnEqualsIsRefusedAndNamesTheCut(String cut) {
    String message = error(cut, Origin.JCMD);
    assertThat(message).startsWith("condition '" + cut + "', at position ");
    assertThat(message).satisfiesAnyOf(
        m -> assertThat(m).contains("most likely jcmd cut the spec at an '='"),
        m -> assertThat(m).contains("missing ')'"));
  }

  @Test
  void outsideJcmdTheMessageDoesNotBlameIt() {
    assertThat(error("arg1", Origin.COMMAND_LINE))
        .isEqualTo("condition 'arg1', at position 5: 'arg1' compares nothing: a condition needs a comparison,"
            + " e.g. arg1>100 or arg1.eq.5");
    assertThat(error("arg1<", Origin.JCMD)).contains("at position 6: a value must follow the comparison (if you wrote"
        + " '=' here, jcmd cut the spec there");
  }

  @Test
  void badClausesSayWhere() {
    assertThat(error("colour>3", Origin.JCMD)).isEqualTo("condition 'colour>3', at position 1: unknown value 'colour':"
        + " write arg0, arg1, …, this.FIELD, return, elapsed or threw");
    assertThat(error("arg0>3 junk", Origin.JCMD)).contains("at position 8: unexpected 'junk'");
    assertThat(error("arg0>'open", Origin.JCMD)).contains("unterminated string");
    assertThat(error("arg0>3kb", Origin.JCMD)).contains("'3kb' is not a number");
    assertThat(error("threw:", Origin.JCMD)).contains("threw: needs an exception class name");
  }

  @Test
  void theSpecCarriesTheClauseAndRendersItBack() throws SpecException {
    TraceSpec spec = (TraceSpec) SpecParser.parse("trace:a.B#c,when:arg0>5&&!threw", Origin.JCMD);
    assertThat(spec.when()).map(When::text).contains("arg0>5&&!threw");
    assertThat(spec.text()).endsWith(",when:arg0>5&&!threw");
    assertThat(((TraceSpec) SpecParser.parse(spec.text(), Origin.ATTACH_CLIENT)).when()).isEqualTo(spec.when());
  }
}
