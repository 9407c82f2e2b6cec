package dev.eddy.peer.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.wire.Choke;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Datagram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer that ignores our CHOKE and keeps asking gets nothing, and each refused request is counted. */
class ChokedRequestsTest {
  private static final int CHUNK = 1024;
  private final MemoryNetwork net = new MemoryNetwork();
  @TempDir Path dir;

  @Test
  void requestsFromAChokedPeerAreNotServedAndAreCounted() throws Exception {
    byte[] content = new byte[50 * CHUNK];
    new Random(9).nextBytes(content);
    Path file = dir.resolve("content.bin");
    Files.write(file, content);
    MerkleTree tree = MerkleTree.build(file, CHUNK, HashFunction.SHA1);
    net.b.swarm = Swarm.seeding(tree, ContentFile.open(file, CHUNK));
    net.a.swarm = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("out"), PickOrder.RAREST_FIRST,
        SwarmListener.NONE);
    net.b.onOpened = ch -> ch.setChoking(true);
    // The CHOKE never reaches the downloader, which therefore keeps asking, as a misbehaving peer would.
    net.rewrite = d -> new Datagram(d.channel(), d.messages().stream().filter(m -> !(m instanceof Choke)).toList());
    net.a.connect();
    net.tick(3_000, 5);
    assertThat(net.b.swarm.requestsRefused()).isPositive();
    assertThat(net.b.sent).noneMatch(d -> d.messages().stream().anyMatch(m -> m instanceof Data));
    assertThat(net.a.swarm.chunksHeld()).isZero();

    // Choke time, each way: the seeder has choked the downloader since the channel opened; the downloader never
    // saw the CHOKE. Unchoked, the time stops growing.
    Channel seederSide = net.b.channels.values().iterator().next();
    Channel downloaderSide = net.a.channels.values().iterator().next();
    long chokedNs = seederSide.totals().chokedByUsNanos();
    assertThat(chokedNs).isGreaterThan(2_900_000_000L).isLessThanOrEqualTo(seederSide.totals().lifetimeNanos());
    assertThat(downloaderSide.totals().chokedByRemoteNanos()).isZero();
    seederSide.setChoking(false);
    net.tick(1_000, 5);
    assertThat(seederSide.totals().chokedByUsNanos()).isEqualTo(chokedNs);
    assertThat(downloaderSide.totals().chunksReceived()).as("served once unchoked").isPositive();
  }
}
