package dev.eddy.peer.cli;

import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.node.PeerNode;
import dev.eddy.peer.discovery.PeerExchange;
import dev.eddy.peer.observe.SwarmStats;
import dev.eddy.peer.storage.ChunkSource;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.storage.TreeCache;
import dev.eddy.peer.swarm.CorruptingChunkSource;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.time.Clock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code eddy seed FILE… | DIR}: hashes each file into a swarm and serves them all on one socket until stopped. */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Serve each FILE (or every file directly inside DIR) to PPSPP peers (Eddy or libswift) until stopped with Ctrl-C,",
      "all on one UDP socket. Prints each swarm ID (the Merkle root hash) that downloaders ask for, once."
    },
    footer = {"", "Examples:", "  eddy seed movie.mp4 --listen 127.0.0.1:7777", "  eddy seed videos/ --listen 127.0.0.1:7777"})
public final class SeedCommand implements Callable<Integer> {
  /**
   * Fault-injection hook for tests and the reliability lab: {@code -Deddy.fault.corruptChunk=K} makes this
   * seeder serve chunk K with one byte flipped (its hashes stay honest), so downloaders must detect it;
   * {@code =all} every chunk.
   */
  static final String CORRUPT_CHUNK_PROPERTY = "eddy.fault.corruptChunk";

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to serve (read in place, never loaded whole), "
      + "or directories: every regular, non-hidden file directly inside is served.")
  List<Path> paths;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7777", converter = HostPort.class,
      description = "UDP address to serve on (default ${DEFAULT-VALUE}).")
  InetSocketAddress listen;

  @Mixin PeerOptions peer;

  @Mixin RecordingOptions recording;

  @Override
  public Integer call() throws Exception {
    peer.validate(spec.commandLine());
    OptionalLong corrupt = corruptChunk();
    recording.startIfRequested();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Swarm> swarms = new LinkedHashMap<>();
    for (Path file : files()) {
      Swarm swarm = hash(file, corrupt);
      if (swarms.putIfAbsent(swarm.idHex(), swarm) == null) {
        out.printf("Swarm ID: %s%n", swarm.idHex());
      } else {
        swarm.close();
        out.printf("(the same content as an earlier file: served once)%n");
      }
    }
    PrintWriter err = spec.commandLine().getErr();
    PeerNode node = PeerNode.start(listen, peer.channelConfig(), peer.observer(PeerExchange.DEFAULT_MAX_PEERS, err), Clock.system(),
        peer.chunkSize, List.copyOf(swarms.values()));
    peer.applyTo(node);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (SwarmStats s : node.swarms()) {
        out.printf("Uploaded %d bytes of swarm %s%n", s.bytesUploaded(), s.swarmId());
      }
      out.flush();
      node.close();
      peer.metrics.finish(err);
      stopped.countDown();
    }, "eddy-seed-shutdown"));
    InetSocketAddress bound = node.localAddress();
    out.printf("Listening on udp %s (%s); stop with Ctrl-C%n", HostPort.format(bound),
        node.usesNativeEpoll() ? "epoll" : "nio");
    if (corrupt.isPresent()) {
      out.printf("FAULT INJECTION: %s served corrupted (%s)%n", corrupt.getAsLong() == CorruptingChunkSource.ALL
          ? "every chunk is" : "chunk " + corrupt.getAsLong() + " is", CORRUPT_CHUNK_PROPERTY);
    }
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /** The files named, with each directory replaced by the regular, non-hidden files directly inside it, by name. */
  private List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> inside = Files.list(p)) {
          List<Path> found = inside.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
              .sorted().toList();
          for (Path f : found) {
            if (Files.size(f) == 0) {
              spec.commandLine().getOut().printf("Skipping %s: empty%n", f);
            }
          }
          found = found.stream().filter(f -> f.toFile().length() > 0).toList();
          if (found.isEmpty()) {
            throw new UserError(ExitCodes.USAGE, p + " holds no file to seed");
          }
          files.addAll(found);
        }
      } else {
        files.add(p);
      }
    }
    return files;
  }

  /** The fault-injection property, checked: a typo must not quietly give an honest seeder. */
  private OptionalLong corruptChunk() {
    String value = System.getProperty(CORRUPT_CHUNK_PROPERTY);
    if (value == null) {
      return OptionalLong.empty();
    }
    if (value.equals("all")) {
      return OptionalLong.of(CorruptingChunkSource.ALL);
    }
    try {
      long chunk = Long.parseLong(value);
      if (chunk >= 0) {
        return OptionalLong.of(chunk);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserError(ExitCodes.USAGE, "-D" + CORRUPT_CHUNK_PROPERTY + "=" + value + ": a chunk number (0 or more) or all");
  }

  private Swarm hash(Path file, OptionalLong corrupt) {
    Inputs.contentFile(file);
    TreeCache.Loaded loaded;
    ChunkSource content;
    long startNs = System.nanoTime();
    try {
      loaded = TreeCache.load(file, peer.chunkSize, peer.hashFunction);
      content = ContentFile.open(file, peer.chunkSize);
    } catch (IOException e) {
      throw new UserError(ExitCodes.STORAGE, "cannot read " + file + ": " + e.getMessage());
    }
    MerkleTree tree = loaded.tree();
    PrintWriter out = spec.commandLine().getOut();
    if (!loaded.note().isEmpty()) {
      out.printf("%s%n", loaded.note());
    }
    String seconds = String.format(java.util.Locale.ROOT, "%.2f s", (System.nanoTime() - startNs) / 1e9);
    String origin = loaded.fromCache() ? "read in " + seconds + " from the cache " + loaded.cacheFile()
        : "hashed in " + seconds + (loaded.cacheFile() != null ? ", cached in " + loaded.cacheFile() : "");
    out.printf("Seeding %s (%d bytes, %d chunks of %d bytes, %s Merkle tree %s)%n",
        file, tree.layout().contentLength(), tree.chunkCount(), peer.chunkSize, peer.hashFunction.algorithm(), origin);
    return Swarm.seeding(tree, corrupt.isPresent() ? new CorruptingChunkSource(content, corrupt.getAsLong()) : content);
  }
}
