package dev.eddy.peer.cli;

import dev.eddy.peer.gateway.HttpGateway;
import dev.eddy.peer.gateway.LiveContent;
import dev.eddy.peer.live.LiveIntegrity;
import dev.eddy.peer.live.LiveNode;
import dev.eddy.peer.live.LiveOutput;
import dev.eddy.peer.live.LiveStream;
import dev.eddy.peer.live.SwarmKey;
import dev.eddy.peer.transport.TransportException;
import dev.eddy.peer.wire.Bytes;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code eddy get --live}: joins a live stream near its edge, verifies every signature, relays to peers that
 * connect, and writes the stream in order to a file or standard output, and with {@code --http} to every HTTP
 * client, until the stream goes quiet for {@code --idle-timeout} or Ctrl-C. Messages go to standard error, so
 * standard output can carry the stream.
 */
final class LiveGet {
  /** The most of a live stream the gateway keeps for its readers, whatever the discard window. */
  static final int MAX_GATEWAY_BUFFER = 64 << 20;
  /** How long readers of an ended stream may take to receive the rest of it before the gateway closes. */
  private static final Duration GATEWAY_LINGER = Duration.ofSeconds(5);

  private LiveGet() {}

  static int run(CommandLine cl, String swarmIdHex, List<InetSocketAddress> peers, InetSocketAddress listen, Path output,
      boolean force, InetSocketAddress http, int chunkSize, LiveIntegrity integrity, long window, Duration idleTimeout,
      Duration connectTimeout) throws Exception {
    if (peers.isEmpty()) {
      throw new CommandLine.ParameterException(cl, "name at least one --peer for a live stream");
    }
    SwarmKey key;
    try {
      key = SwarmKey.parse(Bytes.fromHex(swarmIdHex));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "SWARM_ID is not a live stream's public key: " + e.getMessage());
    }
    // With --http the stream goes to the gateway's clients, and to a file or standard output only when asked.
    boolean toStdout = output == null ? http == null : output.toString().equals("-");
    boolean toFile = output != null && !toStdout;
    if (toFile && (Files.isDirectory(output) || Files.exists(output) && (!Files.isRegularFile(output) || !force))) {
      throw new UserError(ExitCodes.USAGE, output + " exists" + (Files.isRegularFile(output) ? " (use --force to replace it)" : ""));
    }
    PrintStream err = System.err;
    // The gateway's ring holds the discard window's bytes: a reader is cut only when it fell as far behind as the
    // window lets the leecher itself be.
    LiveContent served = http == null ? null : new LiveContent((int) Math.min(MAX_GATEWAY_BUFFER, window * chunkSize),
        Math.min(window, LiveNode.JOIN_BEHIND_CHUNKS) * (long) chunkSize);
    OutputStream file = toStdout ? new FileOutputStream(java.io.FileDescriptor.out) : toFile ? Files.newOutputStream(output) : null;
    // Unbuffered into the gateway: its readers get each chunk as it is written, not a buffer's worth later.
    OutputStream out = file == null ? served : served == null ? new BufferedOutputStream(file, 1 << 16)
        : new Tee(new BufferedOutputStream(file, 1 << 16), served);
    LiveOutput sink = new LiveOutput(out);
    LiveStream stream = LiveStream.leecher(key, integrity, chunkSize, window, sink);
    LiveNode node = LiveNode.start(listen, stream);
    HttpGateway gateway;
    try {
      gateway = served == null ? null : HttpGateway.start(http, Map.of(key.hex(), served));
    } catch (TransportException e) {
      node.close(); // the peer's socket too; the error says which address could not be bound
      throw e;
    }
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.function.Consumer<Duration> finish = linger -> {
      if (done.compareAndSet(false, true)) {
        summary(node, stream, sink, gateway, linger, err);
      }
    };
    // Ctrl-C: no waiting for HTTP readers.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> finish.accept(Duration.ZERO), "eddy-live-get-shutdown"));
    err.printf("eddy: live: %s stream, listening on udp %s%n", key.algorithm(), HostPort.format(node.localAddress()));
    if (gateway != null) {
      err.printf("eddy: live: serving over HTTP: http://%s/%s%n", HostPort.format(gateway.localAddress()), key.hex());
    }
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
          finish.accept(Duration.ZERO);
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
        finish.accept(Duration.ZERO);
        return ExitCodes.STORAGE;
      }
    }
    finish.accept(GATEWAY_LINGER);
    return ExitCodes.OK;
  }

  /** Writes out what is left, closes, and says what the run got. */
  private static void summary(LiveNode node, LiveStream stream, LiveOutput sink, HttpGateway gateway, Duration linger, PrintStream err) {
    try {
      node.finish(); // also ends the gateway's responses after their last byte
    } catch (IllegalStateException e) {
      err.println("eddy: live: " + e.getMessage());
    }
    if (gateway != null) {
      try {
        gateway.awaitIdle(linger);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      gateway.close();
      err.printf("eddy: live: http readers cut for falling behind the window: %d%n", gateway.readersCut());
    }
    err.printf("eddy: live: joined at chunk %d; wrote %d chunks (%d bytes), skipped %d; signatures verified %d, failed %d; "
            + "integrity failures %d; datagrams dropped %d%n", sink.startChunk(), sink.chunksWritten(), sink.bytesWritten(),
        sink.chunksSkipped(), stream.signaturesVerified(), stream.signatureFailures(), stream.integrityFailures(),
        node.droppedDatagrams());
    node.close();
    err.flush();
  }

  /** Writes to a file (or standard output) and to the gateway; closing closes both, which ends the stream for HTTP readers. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }

    @Override
    public void close() throws IOException {
      try {
        first.close();
      } finally {
        second.close();
      }
    }
  }
}
