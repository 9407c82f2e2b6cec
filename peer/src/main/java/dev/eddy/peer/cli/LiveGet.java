package dev.eddy.peer.cli;

import dev.eddy.peer.live.LiveIntegrity;
import dev.eddy.peer.live.LiveNode;
import dev.eddy.peer.live.LiveOutput;
import dev.eddy.peer.live.LiveStream;
import dev.eddy.peer.live.SwarmKey;
import dev.eddy.peer.wire.Bytes;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code eddy get --live}: joins a live stream near its edge, verifies every signature, relays to peers that
 * connect, and writes the stream in order to a file or standard output until the stream goes quiet for
 * {@code --idle-timeout} or Ctrl-C. Messages go to standard error, so standard output can carry the stream.
 */
final class LiveGet {
  private LiveGet() {}

  static int run(CommandLine cl, String swarmIdHex, List<InetSocketAddress> peers, InetSocketAddress listen,
      Path output, boolean force, int chunkSize, LiveIntegrity integrity, long window, Duration idleTimeout, Duration connectTimeout) throws Exception {
    if (peers.isEmpty()) {
      throw new CommandLine.ParameterException(cl, "name at least one --peer for a live stream");
    }
    SwarmKey key;
    try {
      key = SwarmKey.parse(Bytes.fromHex(swarmIdHex));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "SWARM_ID is not a live stream's public key: " + e.getMessage());
    }
    boolean toStdout = output == null || output.toString().equals("-");
    if (!toStdout && (Files.isDirectory(output) || Files.exists(output) && (!Files.isRegularFile(output) || !force))) {
      throw new UserError(ExitCodes.USAGE, output + " exists" + (Files.isRegularFile(output) ? " (use --force to replace it)" : ""));
    }
    PrintStream err = System.err;
    OutputStream out = toStdout ? new FileOutputStream(java.io.FileDescriptor.out) : Files.newOutputStream(output);
    LiveOutput sink = new LiveOutput(new BufferedOutputStream(out, 1 << 16));
    LiveStream stream = LiveStream.leecher(key, integrity, chunkSize, window, sink);
    LiveNode node = LiveNode.start(listen, stream);
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable finish = () -> {
      if (done.compareAndSet(false, true)) {
        summary(node, stream, sink, err);
      }
    };
    Runtime.getRuntime().addShutdownHook(new Thread(finish, "eddy-live-get-shutdown")); // Ctrl-C
    err.printf("eddy: live: %s stream, listening on udp %s%n", key.algorithm(), HostPort.format(node.localAddress()));
    peers.forEach(node::connect);
    long idleNanos = idleTimeout == null ? Long.MAX_VALUE : idleTimeout.toNanos();
    long connectBy = System.nanoTime() + connectTimeout.toNanos();
    boolean connected = false;
    while (true) {
      try {
        node.failure().get(100, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        connected = connected || node.openPeers() > 0;
        if (!connected && System.nanoTime() > connectBy) {
          err.printf("eddy: live: no peer answered within %s%n", DurationConverter.format(connectTimeout));
          finish.run();
          return ExitCodes.PEER_UNREACHABLE;
        }
        // The stream may start long after we joined: idle time counts once it has, from the last chunk announced or received.
        if (sink.started() && System.nanoTime() - node.lastNewChunkNanos() > idleNanos) {
          err.printf("eddy: live: no new chunk for %s: the stream ended%n", DurationConverter.format(idleTimeout));
          break;
        }
        continue;
      } catch (java.util.concurrent.ExecutionException e) {
        err.println("eddy: live: cannot write the stream: " + e.getCause().getMessage());
        finish.run();
        return ExitCodes.STORAGE;
      }
    }
    finish.run();
    return ExitCodes.OK;
  }

  /** Writes out what is left, closes, and says what the run got. */
  private static void summary(LiveNode node, LiveStream stream, LiveOutput sink, PrintStream err) {
    try {
      node.finish();
    } catch (IllegalStateException e) {
      err.println("eddy: live: " + e.getMessage());
    }
    err.printf("eddy: live: joined at chunk %d; wrote %d chunks (%d bytes), skipped %d; signatures verified %d, failed %d; "
            + "integrity failures %d; datagrams dropped %d%n", sink.startChunk(), sink.chunksWritten(), sink.bytesWritten(),
        sink.chunksSkipped(), stream.signaturesVerified(), stream.signatureFailures(), stream.integrityFailures(),
        node.droppedDatagrams());
    node.close();
    err.flush();
  }
}
