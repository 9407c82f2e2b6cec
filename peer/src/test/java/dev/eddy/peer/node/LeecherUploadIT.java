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
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A downloader serves what it has verified, while it is still downloading: a seeder held to a slow upload
 * feeds one downloader, and a second downloader connected to the first alone gets the whole content from it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeecherUploadIT {
  private static final int CHUNK = 1024;
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;

  @Test
  void aDownloaderServesTheChunksItHasVerifiedWhileItDownloads() throws Exception {
    byte[] content = new byte[1 << 20];
    new Random(7).nextBytes(content);
    Path file = dir.resolve("content.bin");
    Files.write(file, content);
    MerkleTree tree = MerkleTree.build(file, CHUNK, HashFunction.SHA1);
    Swarm seeding = Swarm.seeding(tree, ContentFile.open(file, CHUNK));

    CompletableFuture<Long> firstDone = new CompletableFuture<>();
    CompletableFuture<Long> secondDone = new CompletableFuture<>();
    AtomicLong secondFirstChunkNs = new AtomicLong();
    Swarm first = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("first.bin"), PickOrder.RAREST_FIRST, done(firstDone));
    Swarm second = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("second.bin"), PickOrder.RAREST_FIRST, done(secondDone));
    PeerObserver secondObserver = new PeerObserver() {
      @Override
      public void onChunkVerified(ChannelRef channel, long chunkStart, long chunkEnd, int bytes) {
        secondFirstChunkNs.compareAndSet(0, System.nanoTime());
      }
    };

    try (PeerNode seeder = PeerNode.start(ANY, ChannelConfig.DEFAULT, PeerObservers.NONE, Clock.system(), CHUNK, List.of(seeding));
        PeerNode a = PeerNode.start(ANY, ChannelConfig.DEFAULT, PeerObservers.NONE, Clock.system(), CHUNK, List.of(first));
        PeerNode b = PeerNode.start(ANY, ChannelConfig.DEFAULT, secondObserver, Clock.system(), CHUNK, List.of(second))) {
      seeder.limitUpload(256 << 10); // about 4 s for the first downloader
      b.limitPeers(1); // the second keeps to the first, not the seeder it would learn of through PEX
      a.connect(first, seeder.localAddress());
      b.connect(second, a.localAddress());

      long firstCompleteNs = firstDone.get(40, TimeUnit.SECONDS);
      secondDone.get(40, TimeUnit.SECONDS);
      assertThat(Files.readAllBytes(dir.resolve("first.bin"))).isEqualTo(content);
      assertThat(Files.readAllBytes(dir.resolve("second.bin"))).isEqualTo(content);
      assertThat(secondFirstChunkNs.get()).as("the second downloader got chunks before the first one finished")
          .isPositive().isLessThan(firstCompleteNs);
      assertThat(a.swarms().get(0).bytesUploaded()).as("the first downloader uploaded everything to the second")
          .isGreaterThanOrEqualTo(content.length);
    }
  }

  private static SwarmListener done(CompletableFuture<Long> when) {
    return new SwarmListener() {
      @Override
      public void onComplete(Swarm swarm) {
        when.complete(System.nanoTime());
      }

      @Override
      public void onStorageFailure(Swarm swarm, String message, boolean diskFull) {
        when.completeExceptionally(new AssertionError(message));
      }
    };
  }
}
