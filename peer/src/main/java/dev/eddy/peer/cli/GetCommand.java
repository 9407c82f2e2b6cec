package dev.eddy.peer.cli;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.discovery.PeerExchange;
import dev.eddy.peer.discovery.PexStats;
import dev.eddy.peer.gateway.HttpGateway;
import dev.eddy.peer.gateway.SwarmContent;
import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.node.PeerNode;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerObservers;
import dev.eddy.peer.observe.SwarmStats;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.time.Clock;
import dev.eddy.peer.storage.OutputClaim;
import dev.eddy.peer.storage.OutputRefusedException;
import dev.eddy.peer.storage.ResumePlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eddy get SWARM_ID --peer HOST:PORT}: downloads and verifies content, then exits. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Download the content whose swarm ID (Merkle root hash) is SWARM_ID from one or more peers.",
      "Every chunk is verified before it is written; the file appears under --output only when complete."
    },
    footer = {
      "", "Exit codes: 0 complete and verified, 2 bad arguments or an --output that must not be replaced,",
      "  3 peer unreachable, 4 swarm unknown to the peer, 5 timeout, 6 disk full, output not writable or in use by",
      "  another eddy get, 7 integrity failures from every peer, 8 cannot listen, 1 internal error.",
      "", "With --http 127.0.0.1:8080, read it while it downloads: curl -r 0-99 http://127.0.0.1:8080/SWARM_ID, or give",
      "  that URL to a player (ffplay, mpv, VLC).",
      "", "A download that stops unfinished (even by kill -9) keeps its verified chunks in OUTPUT.part and a checkpoint",
      "  in OUTPUT.part.checkpoint: the same command again downloads only what is missing.",
      "", "Example:", "  eddy get 651258d87cf77ea7b3e5dd7833df8c70a306f1df --peer 127.0.0.1:7777 --output content.bin",
      "  eddy get --live SWARM_ID --peer 127.0.0.1:7777 --output stream.ts --idle-timeout 10s",
      "  eddy get --live SWARM_ID --peer 127.0.0.1:7777 --http 127.0.0.1:8080   (then: ffplay http://127.0.0.1:8080/SWARM_ID)",
      "  eddy get 651258d87cf77ea7b3e5dd7833df8c70a306f1df --tracker 127.0.0.1:7777 --listen 127.0.0.1:7801"
    })
public final class GetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SWARM_ID", description = "The swarm ID in hex (40 digits for SHA-1).")
  String swarmId;

  @Option(names = "--peer", paramLabel = "HOST:PORT", converter = HostPort.class,
      description = "A peer that has the content (repeat for several).")
  List<InetSocketAddress> peers = new ArrayList<>();

  @Option(names = "--tracker", paramLabel = "HOST:PORT", converter = HostPort.class,
      description = "A peer that knows the swarm, as libswift's -t: asked for other peers (PEX), which are then "
          + "connected to; it serves content too if it has some.")
  InetSocketAddress tracker;

  @Option(names = "--sequential", description = "Ask for chunks in order from the start (for playing while downloading); "
      + "by default the chunks fewest peers have come first, which spreads copies over the swarm soonest.")
  boolean sequential;

  @Option(names = "--http", paramLabel = "HOST:PORT", converter = HostPort.class,
      description = "Serve the content over HTTP while it downloads, at http://HOST:PORT/SWARM_ID (GET and HEAD, byte "
          + "ranges; a request for bytes not there yet waits, and the download fetches from there first). Implies "
          + "--sequential. Once complete, keeps serving (and seeding) until stopped with Ctrl-C.")
  InetSocketAddress http;

  @Option(names = "--max-peers", paramLabel = "N", defaultValue = "" + PeerExchange.DEFAULT_MAX_PEERS,
      description = "Open no more channels than this for peers learned through PEX (default ${DEFAULT-VALUE}).")
  int maxPeers;

  @Option(names = "--output", paramLabel = "PATH", description = "Where to write the content (default: ./SWARM_ID). "
      + "An existing file is not replaced unless --force is given; a directory, device or FIFO never is.")
  Path output;

  @Option(names = "--force", description = "Replace the file at --output if there is one.")
  boolean force;

  @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.class,
      description = "Local UDP address (default 127.0.0.1:0, or [::1]:0 when the first peer is IPv6: any free port). "
          + "Other peers connect here to get the chunks this download has verified so far.")
  InetSocketAddress listen;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Give up if not complete after this long (e.g. 30s, 5m; default: no limit).")
  Duration timeout;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "4s", description = "Keep retrying the handshake with a silent peer this long before it counts as "
      + "unreachable (default ${DEFAULT-VALUE}; longer for a seeder that is still starting).")
  Duration connectTimeout;

  @Option(names = "--live", description = "SWARM_ID is a live stream's public key (from eddy live or libswift -i): join "
      + "near its live edge, verify every signature, relay to peers that connect, and write the stream in order to "
      + "--output (default: standard output, '-'; with --http, only where --output says). With --http, every client "
      + "of http://HOST:PORT/SWARM_ID gets the stream from near its live edge as one endless response.")
  boolean live;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Live: stop when no new chunk came for this long, i.e. the stream ended (default: run until Ctrl-C).")
  Duration idleTimeout;

  @Mixin LiveOptions liveOptions;

  @Mixin PeerOptions peer;

  @Mixin RecordingOptions recording;

  @Override
  public Integer call() throws Exception {
    peer.validate(spec.commandLine());
    if (live) {
      if (tracker != null || sequential) {
        // A live stream is always read in order from its edge, from the peers named.
        throw new ParameterException(spec.commandLine(), "--live takes --peer, not --tracker or --sequential");
      }
      recording.startIfRequested();
      if (peers.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "name at least one --peer for a live stream");
      }
      return LiveGet.run(spec.commandLine(), swarmId, peers, HostPort.localFor(listen, peers.get(0), spec.commandLine()),
          output, force, http, peer.chunkSize,
          liveOptions.integrity(spec.commandLine(), false), liveOptions.window, idleTimeout, connectTimeout);
    }
    if (peers.isEmpty() && tracker == null) {
      throw new ParameterException(spec.commandLine(), "name at least one --peer or a --tracker");
    }
    if (maxPeers < 1) {
      throw new ParameterException(spec.commandLine(), "--max-peers must be at least 1, got " + maxPeers);
    }
    if (timeout != null) {
      Inputs.duration(spec.commandLine(), "--timeout", timeout, Duration.ofMillis(1), null, "");
    }
    Inputs.duration(spec.commandLine(), "--connect-timeout", connectTimeout, Duration.ofMillis(1), null, "");
    if (http != null) {
      sequential = true; // a player reads in order, and the gateway moves the read position to where it waits
    }
    recording.startIfRequested();
    Hash root = parseSwarmId();
    Path target = output != null ? output : Path.of(swarmId.toLowerCase(Locale.ROOT));
    OutputClaim claim = claim(target);
    LinkedHashSet<InetSocketAddress> first = new LinkedHashSet<>(peers);
    if (tracker != null) {
      first.add(tracker);
    }
    InetSocketAddress local;
    try {
      local = HostPort.localFor(listen, first.iterator().next(), spec.commandLine());
    } catch (ParameterException e) {
      claim.close();
      throw e;
    }
    DownloadOutcome outcome = new DownloadOutcome(first, peer.chunkSize);
    PrintWriter err = spec.commandLine().getErr();
    Swarm swarm = resume(claim, root, target, outcome, err);
    long startNs = System.nanoTime();
    PeerObserver observer;
    try {
      observer = peer.observer(maxPeers, err, outcome);
    } catch (RuntimeException e) {
      claim.close();
      throw e;
    }
    ChannelConfig config = peer.channelConfig().withConnectTimeoutNs(connectTimeout.toNanos());
    SwarmContent served = http == null ? null : new SwarmContent(swarm); // follows the verified chunks for the gateway
    if (served != null) {
      observer = PeerObservers.of(List.of(observer, served));
    }
    PeerNode node;
    try {
      node = PeerNode.start(local, config, observer, Clock.system(), peer.chunkSize, List.of(swarm));
    } catch (RuntimeException e) {
      claim.close();
      peer.metrics.finish(err);
      throw e;
    }
    // However the download ends (complete, failed, or the JVM told to stop by Ctrl-C or kill -TERM), the
    // gateway answers its waiting clients and closes, the node closes, which puts verified chunks on disk,
    // and then the claim releases the partial file.
    AtomicReference<HttpGateway> gateway = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop = once(() -> {
      if (served != null) {
        served.end("eddy get stopped");
      }
      HttpGateway serving = gateway.get();
      if (serving != null) {
        serving.close();
      }
      node.close();
      try {
        claim.close();
      } catch (IOException e) {
        err.println("eddy: releasing " + claim.partialFile() + ": " + e.getMessage());
      }
      stopped.countDown();
    });
    Thread onSignal = new Thread(stop, "eddy-get-shutdown");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      peer.applyTo(node);
      node.limitPeers(maxPeers);
      outcome.reconnectWith(p -> node.connect(swarm, p));
      if (served != null) {
        served.attach(node::onLoop);
        gateway.set(HttpGateway.start(http, Map.of(swarm.idHex(), served)));
        spec.commandLine().getOut().println("Serving over HTTP: http://" + HostPort.format(gateway.get().localAddress()) + "/" + swarm.idHex());
        spec.commandLine().getOut().flush();
      }
      for (InetSocketAddress p : first) {
        if (p.equals(tracker)) {
          node.connectTracker(swarm, p);
        } else {
          node.connect(swarm, p);
        }
      }
      Progress progress = new Progress(err, System.console() != null, peer.chunkSize);
      DownloadOutcome.Result result = await(outcome, node, progress, startNs);
      progress.finish();
      if (result.exitCode() != ExitCodes.OK) {
        if (served != null) {
          served.end(result.message());
        }
        throw new UserError(result.exitCode(), result.message());
      }
      double seconds = (System.nanoTime() - startNs) / 1e9;
      long bytes = swarm.contentLength();
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "Downloaded %d bytes to %s in %.1f s (%s/s), verified against swarm ID %s%n",
          bytes, target, seconds, Progress.human((long) (bytes / Math.max(seconds, 1e-3))), swarm.idHex());
      out.println(uploadSummary(node, swarm));
      out.flush();
      if (gateway.get() != null) {
        out.println("Still serving over HTTP and seeding; stop with Ctrl-C");
        out.flush();
        stopped.await(); // until the shutdown hook stops everything
      }
      return ExitCodes.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: it stops the download
      }
      stop.run();
      peer.metrics.finish(err);
    }
  }

  /** Checks and locks the output before anything is sent, so a refusal costs the peers nothing. */
  private OutputClaim claim(Path target) {
    try {
      return OutputClaim.claim(target, force);
    } catch (OutputRefusedException e) {
      throw new UserError(e.reason() == OutputRefusedException.Reason.IN_USE ? ExitCodes.STORAGE : ExitCodes.USAGE,
          e.getMessage());
    } catch (IOException e) {
      throw new UserError(ExitCodes.STORAGE, "cannot write the output: " + e.getMessage());
    }
  }

  /** The swarm, continuing from what an earlier run left in the partial file (its checkpoint, or re-verified). */
  private Swarm resume(OutputClaim claim, Hash root, Path target, DownloadOutcome outcome, PrintWriter err) throws IOException {
    try {
      ResumePlan plan = ResumePlan.prepare(claim.partialFile(), root, peer.hashFunction, peer.chunkSize);
      if (!plan.describe().isEmpty()) {
        err.println(plan.describe());
        err.flush();
      }
      return Swarm.downloading(root, peer.hashFunction, peer.chunkSize, target,
          sequential ? PickOrder.SEQUENTIAL : PickOrder.RAREST_FIRST, outcome, plan);
    } catch (IOException e) {
      claim.close();
      throw new UserError(ExitCodes.STORAGE, "cannot resume from " + claim.partialFile() + ": " + e.getMessage());
    }
  }

  /** {@code action} made safe to call from both the main thread and the shutdown hook: it runs once. */
  private static Runnable once(Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        action.run();
      }
    };
  }

  /** What this downloader gave the swarm (it serves every chunk it has verified while it runs) and learned of it. */
  private static String uploadSummary(PeerNode node, Swarm swarm) throws Exception {
    java.util.concurrent.CompletableFuture<String> line = new java.util.concurrent.CompletableFuture<>();
    node.onLoop(() -> line.complete(String.format(Locale.ROOT, "Received %d bytes of chunk data from peers; %d chunks "
        + "were already in the partial file%nUploaded %d bytes to other peers; %d duplicate chunks received",
        swarm.bytesReceived(), swarm.resumedChunks(), swarm.bytesUploaded(), swarm.duplicateChunks())));
    PexStats pex = node.pexStats();
    return line.get(2, TimeUnit.SECONDS) + String.format(Locale.ROOT, "; %d peers learned through PEX, %d offers dropped",
        pex.learned(), pex.droppedTotal());
  }

  private DownloadOutcome.Result await(DownloadOutcome outcome, PeerNode node, Progress progress, long startNs) throws Exception {
    long deadlineNs = timeout == null ? Long.MAX_VALUE : startNs + timeout.toNanos();
    while (true) {
      long waitMs = Math.min(progress.intervalMs(), Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000));
      try {
        return outcome.result().get(waitMs, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        List<SwarmStats> stats = node.swarms();
        if (!stats.isEmpty()) {
          progress.show(stats.get(0), System.nanoTime() - startNs);
        }
        if (System.nanoTime() >= deadlineNs) {
          SwarmStats s = stats.isEmpty() ? null : stats.get(0);
          String done = s == null || s.chunksTotal() == 0 ? "nothing received" : s.chunksHeld() + " of " + s.chunksTotal() + " chunks verified";
          return new DownloadOutcome.Result(ExitCodes.TIMEOUT, "timeout: download not complete after " + formatDuration(timeout) + " (" + done + ")");
        }
      }
    }
  }

  private Hash parseSwarmId() {
    int hexDigits = 2 * peer.hashFunction.length();
    if (!swarmId.matches("[0-9a-fA-F]+") || swarmId.length() != hexDigits) {
      throw new UserError(ExitCodes.USAGE, "'" + swarmId + "' is not a swarm ID: expected " + hexDigits + " hex digits (a "
          + peer.hashFunction.algorithm() + " root hash)");
    }
    return Hash.fromHex(swarmId);
  }

  private static String formatDuration(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
