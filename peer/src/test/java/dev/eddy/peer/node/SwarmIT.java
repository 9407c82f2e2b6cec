package dev.eddy.peer.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.discovery.PexStats;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.observe.PeerObservers;
import dev.eddy.peer.observe.SwarmStats;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.time.Clock;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One seeder and four downloaders on loopback, each downloader given only the seeder (as its tracker): they
 * find each other through PEX and trade chunks, so the seeder, held to a modest upload rate like every
 * downloader, sends each chunk about once (less than 1.1 copies of the content) while four copies complete.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SwarmIT {
  private static final int CHUNK = 1024;
  private static final int LEECHERS = 4;
  private static final long UPLINK = 256 << 10;
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;

  @Test
  void leechersFindEachOtherThroughTheTrackerAndShareTheUpload() throws Exception {
    byte[] content = new byte[2 << 20];
    new Random(11).nextBytes(content);
    Path file = dir.resolve("content.bin");
    Files.write(file, content);
    MerkleTree tree = MerkleTree.build(file, CHUNK, HashFunction.SHA1);
    List<PeerNode> nodes = new ArrayList<>();
    try {
      PeerNode seeder = PeerNode.start(ANY, ChannelConfig.DEFAULT, PeerObservers.NONE, Clock.system(), CHUNK,
          List.of(Swarm.seeding(tree, ContentFile.open(file, CHUNK))));
      nodes.add(seeder);
      seeder.limitUpload(UPLINK); // slow enough that every leecher holds chunks the others lack for a while
      long start = System.nanoTime();
      List<CompletableFuture<Void>> done = new ArrayList<>();
      List<PeerNode> leechers = new ArrayList<>();
      for (int i = 0; i < LEECHERS; i++) {
        CompletableFuture<Void> complete = new CompletableFuture<>();
        Swarm swarm = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("copy" + i), PickOrder.RAREST_FIRST, new SwarmListener() {
          @Override
          public void onComplete(Swarm s) {
            complete.complete(null);
          }
        });
        PeerNode leecher = PeerNode.start(ANY, ChannelConfig.DEFAULT, PeerObservers.NONE, Clock.system(), CHUNK, List.of(swarm));
        leecher.limitUpload(UPLINK); // every peer's uplink as narrow as the seeder's, as in bench/swarm-netns.sh
        nodes.add(leecher);
        leechers.add(leecher);
        done.add(complete);
        leecher.connect(swarm, seeder.localAddress());
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - start) / 1e9;
      for (int i = 0; i < LEECHERS; i++) {
        assertThat(Files.readAllBytes(dir.resolve("copy" + i))).as("copy %d", i).isEqualTo(content);
      }
      long seederUpload = seeder.swarms().get(0).bytesUploaded();
      StringBuilder report = new StringBuilder(String.format("swarm complete after %.1f s; seeder uploaded %d", seconds, seederUpload));
      for (PeerNode leecher : leechers) {
        SwarmStats s = leecher.swarms().get(0);
        PexStats pex = leecher.pexStats();
        report.append("; leecher uploaded ").append(s.bytesUploaded()).append(", learned ").append(pex.learned());
      }
      System.err.println(report);
      for (PeerNode leecher : leechers) {
        assertThat(leecher.swarms().get(0).bytesUploaded()).as(report.toString()).isPositive();
        assertThat(leecher.pexStats().learned()).as(report.toString()).isGreaterThanOrEqualTo(LEECHERS - 1);
      }
      // Each chunk once from the seeder, the rest traded: several leechers asking it for the same rare chunks,
      // or for chunks another leecher announced, would have it send some twice (see Swarm.onRemoteHave, pick).
      assertThat(seederUpload).as(report.toString()).isLessThan(11L * content.length / 10);
    } finally {
      for (PeerNode n : nodes) {
        n.close();
      }
    }
  }
}
