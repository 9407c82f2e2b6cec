package dev.eddy.agent.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TraceCommandTest {
  @Test
  void listsVersionAndPrintsIt() {
    StringWriter o = new StringWriter();
    assertThat(TraceCommand.newCommandLine().setOut(new PrintWriter(o)).execute("-V")).isZero();
    assertThat(o.toString()).matches("eddy \\S+\\R");
  }
}
