package dev.eddy.agent.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void singleStarStaysWithinOneSegment() {
    Glob g = Glob.of("dev.eddy.peer.channel.*");
    assertThat(g.matches("dev.eddy.peer.channel.Channel")).isTrue();
    assertThat(g.matches("dev.eddy.peer.channel.Channel$State")).isTrue();
    assertThat(g.matches("dev.eddy.peer.channel.sub.Channel")).isFalse();
  }

  @Test
  void doubleStarCrossesPackagesIncludingNone() {
    Glob g = Glob.of("dev.**.Decoder");
    assertThat(g.matches("dev.Decoder")).isTrue();
    assertThat(g.matches("dev.eddy.peer.wire.Decoder")).isTrue();
    assertThat(g.matches("dev.eddy.peer.wire.Decoders")).isFalse();
    assertThat(Glob.of("dev.eddy.**").matches("dev.eddy.a.b.C")).isTrue();
  }

  @Test
  void dotsAndDollarsAreLiteralAndADotAlsoNamesANestedClass() {
    assertThat(Glob.of("a.B$C").matches("a.B$C")).isTrue();
    assertThat(Glob.of("a.B").matches("aXB")).isFalse();
    assertThat(Glob.of("a.B.C").matches("a.B$C")).isTrue();
    assertThat(Glob.of("a.B.C").matches("a.B.C")).isTrue();
    assertThat(Glob.of("a.B.C").matches("a.BxC")).isFalse();
  }

  @Test
  void whatAJavaUserTypesWorks() throws SpecException {
    MethodPattern reference = SpecParser.pattern("a.B::on*");
    assertThat(reference.text()).isEqualTo("a.B#on*");
    assertThat(reference.matchesMethod("onMessage", 1)).isTrue();
    MethodPattern simple = SpecParser.pattern("Target#work");
    assertThat(simple.matchesClass("com.example.Target")).isTrue();
    assertThat(simple.matchesClass("Target")).isTrue();
    assertThat(simple.matchesClass("com.example.OtherTarget")).isFalse();
    assertThat(simple.text()).isEqualTo("**.Target#work");
    assertThat(SpecParser.pattern("Outer.Inner::run").matchesClass("com.example.Outer$Inner")).isFalse();
    assertThat(SpecParser.pattern("**.Outer.Inner::run").matchesClass("com.example.Outer$Inner")).isTrue();
  }

  @Test
  void methodPatternsCheckArity() throws SpecException {
    MethodPattern p = SpecParser.pattern("a.B#on*/1");
    assertThat(p.matchesClass("a.B")).isTrue();
    assertThat(p.matchesMethod("onMessage", 1)).isTrue();
    assertThat(p.matchesMethod("onMessage", 2)).isFalse();
    assertThat(p.matchesMethod("handle", 1)).isFalse();
    assertThat(p.text()).isEqualTo("a.B#on*/1");
    assertThat(SpecParser.pattern("a.B").matchesMethod("anything", 7)).isTrue();
  }
}
