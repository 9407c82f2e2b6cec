package dev.eddy.peer.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.choking.ChokePolicy;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.NegotiatedOptions;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeder with one regular upload slot and one optimistic slot, and three downloaders that know only it: no
 * more than two are ever unchoked, every one is choked at some point, and all three still finish (the
 * optimistic slot rotates).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChokingIT {
  private static final int CHUNK = 1024;
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;

  /** The seeder's view of whom it serves, checked whenever it could grow. */
  private static final class SlotWatcher implements PeerObserver {
    private final Set<InetSocketAddress> unchoked = new HashSet<>();
    private final Set<InetSocketAddress> opening = new HashSet<>();
    private final Set<InetSocketAddress> everChoked = new HashSet<>();
    private int maxUnchoked;

    @Override
    public synchronized void onChannelOpened(ChannelRef channel, NegotiatedOptions options, long handshakeNanos, boolean initiatedLocally) {
      opening.add(channel.remote()); // unchoked by default, unless choked before this read batch ends
    }

    @Override
    public synchronized void onChokeChanged(ChannelRef channel, boolean choked, boolean byRemote) {
      if (byRemote) {
        return;
      }
      opening.remove(channel.remote());
      if (choked) {
        unchoked.remove(channel.remote());
        everChoked.add(channel.remote());
      } else {
        unchoked.add(channel.remote());
        maxUnchoked = Math.max(maxUnchoked, unchoked.size());
      }
    }

    @Override
    public synchronized void onReadBatchComplete() {
      unchoked.addAll(opening);
      opening.clear();
      maxUnchoked = Math.max(maxUnchoked, unchoked.size());
    }

    synchronized int maxUnchoked() {
      return maxUnchoked;
    }

    synchronized int everChoked() {
      return everChoked.size();
    }
  }

  @Test
  void oneRegularSlotAndOneOptimisticServeAtMostTwoAndEveryoneFinishes() throws Exception {
    byte[] content = new byte[1 << 20];
    new Random(5).nextBytes(content);
    Path file = dir.resolve("content.bin");
    Files.write(file, content);
    MerkleTree tree = MerkleTree.build(file, CHUNK, HashFunction.SHA1);
    SlotWatcher watcher = new SlotWatcher();
    List<PeerNode> nodes = new ArrayList<>();
    try {
      PeerNode seeder = PeerNode.start(ANY, ChannelConfig.DEFAULT, watcher, Clock.system(), CHUNK,
          List.of(Swarm.seeding(tree, ContentFile.open(file, CHUNK))));
      nodes.add(seeder);
      seeder.setChokePolicy(new ChokePolicy(1, 1, 300_000_000L, 2));
      seeder.limitUpload(512 << 10); // a few seconds: many rounds
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        CompletableFuture<Void> complete = new CompletableFuture<>();
        Swarm swarm = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("copy" + i),
            PickOrder.RAREST_FIRST, new SwarmListener() {
              @Override
              public void onComplete(Swarm s) {
                complete.complete(null);
              }
            });
        PeerNode leecher = PeerNode.start(ANY, ChannelConfig.DEFAULT, PeerObservers.NONE, Clock.system(), CHUNK, List.of(swarm));
        nodes.add(leecher);
        leecher.limitPeers(1); // the seeder only: the three do not trade among themselves
        leecher.connect(swarm, seeder.localAddress());
        done.add(complete);
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
      for (int i = 0; i < 3; i++) {
        assertThat(Files.readAllBytes(dir.resolve("copy" + i))).isEqualTo(content);
      }
      assertThat(watcher.maxUnchoked()).as("1 regular + 1 optimistic").isBetween(1, 2);
      assertThat(watcher.everChoked()).as("every downloader waited its turn").isEqualTo(3);
    } finally {
      for (PeerNode n : nodes) {
        n.close();
      }
    }
  }
}
