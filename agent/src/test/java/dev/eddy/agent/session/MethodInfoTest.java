package dev.eddy.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodInfoTest {
  @Test
  void parsesTheAdviceOrigin() {
    MethodInfo m = MethodInfo.parse("a.b.Foo decode (java.nio.ByteBuffer,int) java.util.List");
    assertThat(m.qualifiedName()).isEqualTo("a.b.Foo.decode");
    assertThat(m.parameterTypes()).containsExactly("java.nio.ByteBuffer", "int");
    assertThat(m.returnsVoid()).isFalse();
    assertThat(MethodInfo.parse("a.Foo run () void").arity()).isZero();
    assertThat(MethodInfo.parse("a.Foo run () void").returnsVoid()).isTrue();
  }

  @Test
  void nestedClassesCountAsInsideTheirTopLevelClass() {
    MethodInfo m = MethodInfo.parse("dev.eddy.agent.session.MethodInfoTest get () int");
    assertThat(m.isInside(MethodInfoTest.class)).isTrue();
    assertThat(m.isInside(Nested.class)).isTrue();
    assertThat(m.isInside(String.class)).isFalse();
  }

  static final class Nested {}
}
