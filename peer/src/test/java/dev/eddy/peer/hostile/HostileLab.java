package dev.eddy.peer.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.node.PeerNode;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerObservers;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.time.Clock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The honest side of every hostile-peer test: one content, an Eddy seeder holding it, and Eddy downloaders
 * measured from their first connect to their verified last chunk. A test measures a download with nobody
 * hostile around, then one under attack, and compares what the two cost Eddy (see {@link Cost}).
 */
final class HostileLab implements AutoCloseable {
  static final int CHUNK = 1024;
  static final int SIZE = 16 << 20;
  static final int CHUNKS = SIZE / CHUNK;
  /**
   * Under attack, an honest transfer costs Eddy no more than 1 / this of the CPU time it costs without one: on a
   * machine where Eddy is the only load, it keeps at least this fraction of its speed.
   */
  static final double MIN_SPEED_FRACTION = 0.25;
  /**
   * The longest an honest download may go without a verified chunk, on top of the waiting a test allows: above
   * what a loaded machine's lost datagrams cost (loss recovery backs off to 2 s at most, and a normal download
   * here waited up to 1.1 s at load 24), far below a stall that holds a download for good.
   */
  static final Duration MAX_WAIT = Duration.ofSeconds(3);
  /** Heap that an attack may leave in use (after a full GC) while it goes on: a few channels' worth, no more. */
  static final long MAX_HEAP_GROWTH = 64L << 20;
  /** How long a peer that holds requests and delivers nothing keeps them (ChunkRequester's first-delivery timeout). */
  static final Duration FIRST_DELIVERY_WAIT = Duration.ofMillis(500);
  static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);
  /** The attackers' threads, whose CPU time is not Eddy's (see {@link Flood} and {@link HostilePeer}). */
  private static final Pattern ATTACKER_THREAD = Pattern.compile("flood-|hostile-|drain-");

  final Path dir;
  final byte[] content;
  final Path file;
  final MerkleTree tree;
  /** Hostile peers and floods of the running test, closed with the lab. */
  private final List<AutoCloseable> closing = new ArrayList<>();
  final RecordingObserver seederEvents = new RecordingObserver();
  final PeerNode seeder;
  private int downloads;
  /** Chunks the honest downloaders verified so far: what {@link Flood}s are paced by. */
  private final AtomicLong honestChunks = new AtomicLong();
  private static boolean warm;

  HostileLab(Path dir) throws Exception {
    this.dir = dir;
    content = new byte[SIZE];
    new Random(15).nextBytes(content);
    file = dir.resolve("content.bin");
    Files.write(file, content);
    tree = MerkleTree.build(file, CHUNK, HashFunction.SHA1);
    seeder = PeerNode.start(ANY, ChannelConfig.DEFAULT, seederEvents, Clock.system(), CHUNK,
        List.of(Swarm.seeding(tree, ContentFile.open(file, CHUNK))));
    if (!warm) {
      download(new RecordingObserver(), seederAddress()); // a cold JVM's first run is slow: not a fair normal
      warm = true;
    }
  }

  InetSocketAddress seederAddress() {
    return seeder.localAddress();
  }

  /**
   * What a download cost: its wall time (printed, never compared: on a shared machine a sub-second run's wall time
   * is mostly other processes' load), the CPU time Eddy spent on it (this JVM less the attackers' threads, see {@link
   * #eddyCpuNanos}), and the longest it went without a verified chunk.
   */
  record Cost(Duration wall, Duration cpu, Duration longestWait) {
    @Override
    public String toString() {
      return String.format("%d ms (CPU %d ms, longest wait for a chunk %d ms)", wall.toMillis(), cpu.toMillis(), longestWait.toMillis());
    }
  }

  /** One download from {@code peers} with the default configuration; see {@link #download(ChannelConfig, RecordingObserver, Consumer, Consumer, InetSocketAddress...)}. */
  Cost download(RecordingObserver events, InetSocketAddress... peers) throws Exception {
    return download(ChannelConfig.DEFAULT, events, node -> {}, node -> {}, peers);
  }

  /**
   * Downloads the content from {@code peers} into a new file with a new Eddy peer, checks it byte for byte and
   * returns what it cost. {@code started} sees the node before it connects (to limit peers, say), {@code
   * finished} once the download completed, before the node closes (to read its statistics).
   */
  Cost download(ChannelConfig config, RecordingObserver events, Consumer<PeerNode> started, Consumer<PeerNode> finished,
      InetSocketAddress... peers) throws Exception {
    Path output = dir.resolve("copy" + downloads++);
    CompletableFuture<long[]> done = new CompletableFuture<>();
    Swarm swarm = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, output, PickOrder.RAREST_FIRST, new SwarmListener() {
      @Override
      public void onComplete(Swarm s) {
        done.complete(new long[] {System.nanoTime(), eddyCpuNanos()});
      }

      @Override
      public void onStorageFailure(Swarm s, String message, boolean diskFull) {
        done.completeExceptionally(new AssertionError("storage failure: " + message));
      }
    });
    PeerObserver progress = new PeerObserver() {
      @Override
      public void onChunkVerified(ChannelRef channel, long chunkStart, long chunkEnd, int bytes) {
        honestChunks.addAndGet(chunkEnd - chunkStart + 1);
      }
    };
    try (PeerNode node = PeerNode.start(ANY, config, PeerObservers.of(List.of(events, progress)), Clock.system(), CHUNK, List.of(swarm))) {
      started.accept(node);
      long cpu = eddyCpuNanos();
      long start = System.nanoTime();
      events.startWaiting(start);
      for (InetSocketAddress peer : peers) {
        node.connect(swarm, peer);
      }
      long[] end = done.get(60, TimeUnit.SECONDS);
      assertThat(Files.readAllBytes(output)).as("the downloaded copy").isEqualTo(content);
      finished.accept(node);
      return new Cost(Duration.ofNanos(end[0] - start), Duration.ofNanos(end[1] - cpu), events.longestWait());
    }
  }

  /** A download under attack. */
  interface Run {
    Cost download() throws Exception;
  }

  /** See {@link #assertSpeedKept(Cost, Duration, Run, Object)}, for an attack that Eddy need not wait out. */
  static Cost assertSpeedKept(Cost normal, Run underAttack, Object events) throws Exception {
    return assertSpeedKept(normal, Duration.ZERO, underAttack, events);
  }

  /**
   * Downloads under attack and asserts that the attack took no more than a fair share of Eddy: the download cost
   * Eddy at most 1 / {@link #MIN_SPEED_FRACTION} of the CPU time of {@code normal} (what the attack's datagrams cost
   * to handle, and any work done for the attackers, counts), and it never went longer than {@code waiting} plus
   * {@link #MAX_WAIT} without a verified chunk (an attack that makes Eddy wait shows there, whatever the load).
   * {@code waiting} is for an attack that Eddy can only see by waiting: a peer that holds requests and delivers
   * nothing is known only when {@link #FIRST_DELIVERY_WAIT} has passed ({@code ChunkRequester.FIRST_DELIVERY_TIMEOUT_NS}).
   */
  static Cost assertSpeedKept(Cost normal, Duration waiting, Run underAttack, Object events) throws Exception {
    Cost hostile = underAttack.download();
    double fraction = (double) normal.cpu().toNanos() / Math.max(1, hostile.cpu().toNanos());
    String what = String.format("normal %s, under attack %s (%d ms of waiting allowed): %.0f%% of the normal CPU time's speed; load %s; %s",
        normal, hostile, waiting.toMillis(), 100 * fraction, loadAverage(), events);
    System.err.println(what);
    assertThat(fraction).as("Eddy's CPU time for the download, normal against under attack: %s", what)
        .isGreaterThanOrEqualTo(MIN_SPEED_FRACTION);
    assertThat(hostile.longestWait()).as("longest wait for a chunk under attack: %s", what).isLessThanOrEqualTo(waiting.plus(MAX_WAIT));
    return hostile;
  }

  /**
   * CPU time of this JVM so far, less that of the attackers' threads (named {@code flood-}, {@code hostile-} and
   * {@code drain-}, see {@link Flood} and {@link HostilePeer}): the two Eddy peers, with their share of the JVM's
   * collector and compiler. Unlike wall time it does not grow while other processes hold the cores.
   */
  static long eddyCpuNanos() {
    long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long attackers = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && ATTACKER_THREAD.matcher(t.getThreadName()).lookingAt()) {
        attackers += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return process - attackers;
  }

  private static String loadAverage() {
    return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Heap in use after a full collection. */
  static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    seeder.close();
  }

  /** Starts a flood of {@code step}s paced by the honest downloads (see {@link Flood}), closed with the lab. */
  Flood flood(String name, int perSecond, Flood.Step step) {
    return closing(new Flood(name, perSecond, honestChunks::get, step));
  }

  /** Closes {@code c} with the lab, before the seeder, in reverse order of registration; returns it. */
  <T extends AutoCloseable> T closing(T c) {
    closing.add(c);
    return c;
  }
}
