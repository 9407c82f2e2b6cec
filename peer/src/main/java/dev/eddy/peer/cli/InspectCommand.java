package dev.eddy.peer.cli;

import dev.eddy.peer.inspect.CaptureInspector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eddy inspect}: decode the PPSPP traffic in a packet capture. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Decode the PPSPP datagrams in a pcap or pcapng capture and print one line per message.",
      "Reads Ethernet, Linux cooked (v1, v2) and raw IP captures, IPv4 and IPv6; follows the",
      "handshakes so each direction of a channel decodes with the options its sender announced,",
      "and splits segmentation-offload runs captured on the sending host back into datagrams.",
      "",
      "Example:",
      "  eddy inspect vectors/libswift-100k.pcap --port 26000 --json",
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:every frame read", "1:the capture cannot be read or is corrupt", "2:bad arguments"})
public final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CAPTURE", description = "A pcap or pcapng file (e.g. from tcpdump -w or Wireshark).")
  Path capture;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Decode every UDP datagram from or to this port. Default: every UDP datagram that parses as PPSPP.")
  Integer port;

  @Option(names = "--json", description = "Print JSON Lines: one object per message.")
  boolean json;

  @Override
  public Integer call() {
    if (port != null && (port < 1 || port > 65535)) {
      throw new ParameterException(spec.commandLine(), "--port must be 1..65535, got " + port);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String problem;
    if (!Files.exists(capture)) {
      problem = "no such file";
    } else if (Files.isDirectory(capture)) {
      problem = "is a directory, not a capture file";
    } else {
      try {
        new CaptureInspector(port == null ? OptionalInt.empty() : OptionalInt.of(port), json, out).inspect(capture);
        return 0;
      } catch (AccessDeniedException e) {
        problem = "permission denied";
      } catch (IOException e) {
        problem = e.getMessage();
      }
    }
    err.println("eddy inspect: " + capture + ": " + problem);
    err.flush();
    return 1;
  }
}
