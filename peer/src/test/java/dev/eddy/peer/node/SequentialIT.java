package dev.eddy.peer.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerObservers;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.time.Clock;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sequential} over real sockets: a seeder held to a slow upload feeds a downloader that picks in
 * order; the order in which chunks verify stays within one request window of the order asked for, and once
 * the read position moves (as the HTTP gateway moves it for a seek) the next chunks come from there, then the
 * ones skipped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SequentialIT {
  private static final int CHUNK = 1024;
  private static final int CHUNKS = 768;
  /** The downloader's request window in chunks: no chunk is asked for more than this far ahead. */
  private static final int WINDOW = 64;
  private static final int MOVE_TO = 600;
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;

  @Test
  void chunksVerifyInOrderWithinAWindowAndFollowTheReadPositionWhenItMoves() throws Exception {
    byte[] content = new byte[CHUNKS * CHUNK];
    new Random(5).nextBytes(content);
    Path file = dir.resolve("content.bin");
    Files.write(file, content);
    MerkleTree tree = MerkleTree.build(file, CHUNK, HashFunction.SHA1);
    CompletableFuture<Void> done = new CompletableFuture<>();
    Swarm swarm = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("copy.bin"), PickOrder.SEQUENTIAL,
        new SwarmListener() {
          @Override
          public void onComplete(Swarm s) {
            done.complete(null);
          }
        });
    List<Long> arrivals = new ArrayList<>(); // touched on the downloader's event loop only
    PeerObserver order = new PeerObserver() {
      @Override
      public void onChunkVerified(ChannelRef channel, long chunkStart, long chunkEnd, int bytes) {
        for (long c = chunkStart; c <= chunkEnd; c++) {
          arrivals.add(c);
        }
      }
    };
    ChannelConfig window = ChannelConfig.DEFAULT.withRequestWindowBytes(WINDOW * CHUNK);
    try (PeerNode seeder = PeerNode.start(ANY, ChannelConfig.DEFAULT, PeerObservers.NONE, Clock.system(), CHUNK,
            List.of(Swarm.seeding(tree, ContentFile.open(file, CHUNK))));
        PeerNode downloader = PeerNode.start(ANY, window, order, Clock.system(), CHUNK, List.of(swarm))) {
      seeder.limitUpload(128 << 10); // about six seconds for the whole content: time to move the position
      downloader.connect(swarm, seeder.localAddress());

      CompletableFuture<int[]> moved = new CompletableFuture<>(); // {arrivals so far, highest chunk so far}
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!moved.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(20);
        downloader.onLoop(() -> {
          if (arrivals.size() >= 100 && !moved.isDone()) {
            swarm.playFrom(MOVE_TO);
            moved.complete(new int[] {arrivals.size(), (int) arrivals.stream().mapToLong(Long::longValue).max().orElse(-1)});
          }
        });
      }
      int[] at = moved.get(5, TimeUnit.SECONDS);
      done.get(40, TimeUnit.SECONDS);
      assertThat(Files.readAllBytes(dir.resolve("copy.bin"))).isEqualTo(content);

      List<Long> seen = onLoop(downloader, () -> new ArrayList<>(arrivals));
      String story = "arrival order " + runs(seen) + ", position moved after " + at[0] + " arrivals";
      assertThat(new HashSet<>(seen)).as(story).hasSize(CHUNKS);
      assertThat(at[1]).as("the position must move before the download reaches it; " + story).isLessThan(MOVE_TO - WINDOW);

      // Before the move: in order from the start, within one window.
      List<Long> before = seen.subList(0, at[0]);
      assertInOrderWithinWindow(before, story);
      for (int i = 0; i < before.size(); i++) {
        assertThat(before.get(i)).as("arrival %d; %s", i, story).isLessThan(i + WINDOW + 1L);
      }
      // After it: at most one window of chunks asked for before the move, then MOVE_TO.. to the end, in order.
      int tailEnd = lastIndexAtOrAbove(seen, MOVE_TO);
      List<Long> tail = seen.subList(Math.min(at[0] + WINDOW, tailEnd), tailEnd + 1);
      assertThat(tail).as("after the move only chunks from %d on until they are all in; %s", MOVE_TO, story)
          .allMatch(c -> c >= MOVE_TO);
      assertThat(seen.subList(at[0], Math.min(at[0] + WINDOW, tailEnd)).stream().filter(c -> c < MOVE_TO))
          .as("chunks asked for before the move; %s", story).hasSizeLessThanOrEqualTo(WINDOW);
      assertInOrderWithinWindow(seen.subList(at[0], tailEnd + 1).stream().filter(c -> c >= MOVE_TO).toList(), story);
      // Then the chunks skipped, in order again.
      List<Long> rest = seen.subList(tailEnd + 1, seen.size());
      assertThat(rest).as(story).allMatch(c -> c < MOVE_TO);
      assertInOrderWithinWindow(rest, story);
    }
  }

  /** No chunk verifies more than a window behind the highest one before it. */
  private static void assertInOrderWithinWindow(List<Long> arrivals, String story) {
    long highest = -1;
    for (int i = 0; i < arrivals.size(); i++) {
      long c = arrivals.get(i);
      assertThat(c).as("chunk %d arrived more than %d chunks behind %d; %s", c, WINDOW, highest, story)
          .isGreaterThanOrEqualTo(highest - WINDOW);
      highest = Math.max(highest, c);
    }
  }

  /** The arrival order as runs of consecutive chunks ("0..121, 600..767, 122..599"). */
  private static String runs(List<Long> arrivals) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < arrivals.size(); ) {
      int j = i;
      while (j + 1 < arrivals.size() && arrivals.get(j + 1) == arrivals.get(j) + 1) {
        j++;
      }
      out.append(out.length() == 0 ? "" : ", ").append(arrivals.get(i)).append(j > i ? ".." + arrivals.get(j) : "");
      i = j + 1;
    }
    return out.toString();
  }

  private static int lastIndexAtOrAbove(List<Long> arrivals, long chunk) {
    for (int i = arrivals.size() - 1; i >= 0; i--) {
      if (arrivals.get(i) >= chunk) {
        return i;
      }
    }
    throw new AssertionError("no chunk from " + chunk + " on arrived: " + arrivals);
  }

  private static <T> T onLoop(PeerNode node, java.util.function.Supplier<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    node.onLoop(() -> result.complete(task.get()));
    return result.get(5, TimeUnit.SECONDS);
  }
}
