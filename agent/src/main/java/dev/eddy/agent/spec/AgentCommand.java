package dev.eddy.agent.spec;

import java.util.List;
import java.util.stream.Collectors;

/** What one agent option string asks for: start a trace, clear it, or report status. */
public sealed interface AgentCommand permits TraceSpec, AgentCommand.Clear, AgentCommand.Status {

  /** Where this command's own messages go; for a trace, also its trace lines. */
  List<SinkTarget> sinks();

  /** The command in the colon form that survives jcmd. */
  String text();

  /** The same command with one more sink (used by {@code eddy trace} to stream output back). */
  AgentCommand withExtraSink(SinkTarget sink);

  record Clear(List<SinkTarget> sinks) implements AgentCommand {
    public String text() {
      return "clear" + sinkSuffix(sinks);
    }

    public Clear withExtraSink(SinkTarget sink) {
      return new Clear(append(sinks, sink));
    }
  }

  record Status(List<SinkTarget> sinks) implements AgentCommand {
    public String text() {
      return "status" + sinkSuffix(sinks);
    }

    public Status withExtraSink(SinkTarget sink) {
      return new Status(append(sinks, sink));
    }
  }

  static String sinkSuffix(List<SinkTarget> sinks) {
    return sinks.isEmpty() ? "" : ",sink:" + sinks.stream().map(SinkTarget::text).collect(Collectors.joining(";"));
  }

  static List<SinkTarget> append(List<SinkTarget> sinks, SinkTarget extra) {
    return java.util.stream.Stream.concat(sinks.stream(), java.util.stream.Stream.of(extra)).distinct().toList();
  }
}
