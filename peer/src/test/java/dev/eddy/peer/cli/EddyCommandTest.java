package dev.eddy.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class EddyCommandTest {
  @Test
  void unknownSubcommandIsAUsageErrorNotACrash() {
    StringWriter err = new StringWriter();
    int exit = EddyCommand.newCommandLine().setErr(new PrintWriter(err)).execute("no-such-command");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-command");
  }
}
