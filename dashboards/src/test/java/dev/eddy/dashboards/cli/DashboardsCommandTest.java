package dev.eddy.dashboards.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DashboardsCommandTest {
  private static String version(String... args) {
    StringWriter o = new StringWriter();
    assertThat(DashboardsCommand.newCommandLine().setOut(new PrintWriter(o)).execute(args)).isZero();
    return o.toString();
  }

  @Test
  void everySubcommandThatListsVersionPrintsIt() {
    String eddy = version("-V");
    assertThat(eddy).matches("eddy \\S+\\R");
    for (String command : DashboardsCommand.newCommandLine().getSubcommands().keySet()) {
      assertThat(version(command, "-V")).as(command).isEqualTo(eddy);
    }
  }
}
