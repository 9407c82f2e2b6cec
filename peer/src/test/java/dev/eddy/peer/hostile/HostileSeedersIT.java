package dev.eddy.peer.hostile;

import static dev.eddy.peer.hostile.HostileLab.CHUNK;
import static dev.eddy.peer.hostile.HostileLab.CHUNKS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.channel.ChannelConfig;
import dev.eddy.peer.discovery.PexStats;
import dev.eddy.peer.discovery.PexVerdict;
import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.merkle.BinHash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.node.PeerNode;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.Misbehaviour;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.time.Clock;
import dev.eddy.peer.wire.Bytes;
import dev.eddy.peer.wire.ChunkSpec;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Have;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.PexReq;
import dev.eddy.peer.wire.PexResV4;
import dev.eddy.peer.wire.Request;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Eddy downloader among hostile seeders ({@link HostilePeer}s it connects to besides one honest Eddy
 * seeder): liars about content, about what they hold, and about other peers. The download must complete
 * byte for byte (nothing unverified is ever written) at no less than {@link HostileLab#MIN_SPEED_FRACTION} of
 * the speed measured first from the honest seeder alone (as {@link HostileLab#assertSpeedKept} measures it), and
 * the downloader counts what it caught.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileSeedersIT {
  @TempDir Path dir;
  private HostileLab lab;

  @BeforeEach
  void start() throws Exception {
    lab = new HostileLab(dir);
  }

  @AfterEach
  void stop() throws Exception {
    lab.close();
  }

  private static ChunkSpec range(long first, long last) {
    return new ChunkSpec.ChunkRange(first, last);
  }

  /** A hostile seeder that answers the downloader's handshake with {@code claim}, then behaves as {@code behaviour}. */
  private HostilePeer listening(List<Message> claim, HostilePeer.Behaviour behaviour) throws Exception {
    HostilePeer h = HostilePeer.open();
    lab.closing(h);
    Thread t = new Thread(() -> {
      try {
        h.accept(claim);
        h.serve(behaviour);
      } catch (IOException e) {
        // the test ended first
      }
    }, "hostile-accept");
    t.setDaemon(true);
    t.start();
    return h;
  }

  private List<Message> integrity(long chunk) {
    List<Message> out = new ArrayList<>();
    for (BinHash h : lab.tree.proof(chunk)) {
      out.add(new Integrity(range(Bin.firstChunk(h.bin()), Bin.lastChunk(h.bin())), Bytes.of(h.hash().toByteArray())));
    }
    return out;
  }

  private byte[] chunk(long c) {
    return Arrays.copyOfRange(lab.content, (int) c * CHUNK, (int) c * CHUNK + CHUNK);
  }

  /** Answers each REQUEST, a few chunks of it, with {@code answer(chunk)}: a liar that keeps its word on timing. */
  private static HostilePeer.Behaviour answering(Answer answer) {
    return (self, messages) -> {
      for (Message m : messages) {
        if (m instanceof Request r) {
          long first = r.spec().firstChunk(CHUNK);
          for (long c = first; c <= Math.min(r.spec().lastChunk(CHUNK), first + 7); c++) {
            self.send(answer.datagram(c));
          }
        }
      }
    };
  }

  interface Answer {
    List<Message> datagram(long chunk);
  }

  @Test
  void wrongHashesAndCorruptDataAreCaughtAndTheirSendersDropped() throws Exception {
    HostileLab.Cost normal = lab.download(new RecordingObserver(), lab.seederAddress());
    List<Message> all = List.of(new Have(range(0, CHUNKS - 1)));
    Random random = new Random(4);
    HostilePeer wrongHashes = listening(all, answering(c -> {
      List<Message> m = new ArrayList<>();
      for (Message i : integrity(c)) {
        byte[] bogus = new byte[20];
        random.nextBytes(bogus);
        m.add(new Integrity(((Integrity) i).spec(), Bytes.of(bogus)));
      }
      m.add(new Data(range(c, c), 0, Unpooled.wrappedBuffer(chunk(c))));
      return m;
    }));
    HostilePeer corruptData = listening(all, answering(c -> {
      List<Message> m = integrity(c);
      byte[] bytes = chunk(c);
      bytes[0] ^= 0x5a;
      m.add(new Data(range(c, c), 0, Unpooled.wrappedBuffer(bytes)));
      return m;
    }));
    HostilePeer noHashes = listening(all, answering(c -> List.of(new Data(range(c, c), 0, Unpooled.wrappedBuffer(new byte[CHUNK])))));
    RecordingObserver events = new RecordingObserver();
    // DATA without hashes cannot be judged until hashes arrive: that peer holds its requests until it times out.
    HostileLab.assertSpeedKept(normal, HostileLab.FIRST_DELIVERY_WAIT,
        () -> lab.download(events, lab.seederAddress(), wrongHashes.address(), corruptData.address(), noHashes.address()), events);
    assertThat(events.integrityFailures.sum()).as("%s", events).isGreaterThanOrEqualTo(2);
    assertThat(events.closes(CloseReason.INTEGRITY_FAILURE)).as("%s", events).isGreaterThanOrEqualTo(2);
  }

  @Test
  void dataNeverRequestedIsCountedAndNeverWrittenUnverified() throws Exception {
    HostileLab.Cost normal = lab.download(new RecordingObserver(), lab.seederAddress());
    HostilePeer sprayer = listening(List.of(), (self, messages) -> {});
    Random random = new Random(5);
    byte[] garbage = new byte[CHUNK];
    random.nextBytes(garbage);
    // Claims nothing, so nothing is ever asked of it; sends garbage for random chunks, without hashes.
    List<Integer> chunks = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      chunks.add(random.nextInt(CHUNKS));
    }
    lab.flood("unrequested", HostileDownloadersIT.FLOOD_RATE, n -> {
      // Only once the downloader has opened a channel to it (a loaded machine may take a while): the flood is paced
      // by the download, and steps skipped before would be a part of it that never came.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sprayer.remoteChannel() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      long c = chunks.get((int) (n % chunks.size()));
      sprayer.send(List.of(new Data(range(c, c), 0, Unpooled.wrappedBuffer(garbage))));
    });
    RecordingObserver events = new RecordingObserver();
    HostileLab.assertSpeedKept(normal, () -> lab.download(events, lab.seederAddress(), sprayer.address()), events);
    assertThat(events.misbehaviour(Misbehaviour.UNREQUESTED_DATA)).as("%s", events).isPositive();
  }

  @Test
  void chunksClaimedAndNeverSentAreAskedOfAnHonestPeer() throws Exception {
    HostileLab.Cost normal = lab.download(new RecordingObserver(), lab.seederAddress());
    // Each claims every chunk there could be (a HAVE of 2^32 chunks), then answers nothing but keep-alives.
    List<Message> everything = List.of(new Have(range(0, 0xFFFF_FFFFL)));
    List<HostilePeer> liars = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      liars.add(listening(everything, (self, messages) -> self.send(List.of())));
    }
    RecordingObserver events = new RecordingObserver();
    List<java.net.InetSocketAddress> peers = new ArrayList<>(List.of(lab.seederAddress()));
    liars.forEach(l -> peers.add(l.address()));
    // Chunks taken back from one liar may be picked for another before the honest peer: each liar can cost
    // one wait for its first delivery.
    HostileLab.assertSpeedKept(normal, HostileLab.FIRST_DELIVERY_WAIT.multipliedBy(liars.size()),
        () -> lab.download(ChannelConfig.DEFAULT, events, node -> {}, node -> {}, peers.toArray(java.net.InetSocketAddress[]::new)), events);
  }

  @Test
  void claimsOfEveryPossibleChunkDoNotFillTheHeap() throws Exception {
    List<HostilePeer> liars = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      liars.add(listening(List.of(new Have(range(0, 0xFFFF_FFFFL))), (self, messages) -> self.send(List.of())));
    }
    long heapBefore = HostileLab.heapAfterGc();
    Swarm swarm = Swarm.downloading(lab.tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("never"), PickOrder.RAREST_FIRST, SwarmListener.NONE);
    RecordingObserver events = new RecordingObserver();
    try (PeerNode node = PeerNode.start(HostileLab.ANY, ChannelConfig.DEFAULT, events, Clock.system(), CHUNK, List.of(swarm))) {
      liars.forEach(l -> node.connect(swarm, l.address()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (events.opened.size() < liars.size() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(events.opened).hasSize(liars.size());
      long growth = HostileLab.heapAfterGc() - heapBefore;
      assertThat(growth).as("heap growth with %d peers claiming 2^32 chunks", liars.size()).isLessThan(HostileLab.MAX_HEAP_GROWTH);
    }
    assertThat(Files.exists(dir.resolve("never"))).isFalse();
  }

  @Test
  void peerExchangeFullOfBogusAndDuplicateAddressesIsCappedAndCounted() throws Exception {
    HostileLab.Cost normal = lab.download(new RecordingObserver(), lab.seederAddress());
    // The duplicate: a peer that answers handshakes and counts the channels each downloader opens to it.
    HostilePeer duplicate = HostilePeer.open();
    lab.closing(duplicate);
    duplicate.serve((self, messages) -> {});
    Inet4Address loopback = (Inet4Address) InetAddress.getByName("127.0.0.1");
    Inet4Address nobody = (Inet4Address) InetAddress.getByName("127.0.0.4");
    int[] port = {20_000};
    HostilePeer tracker = listening(List.of(), (self, messages) -> {
      // Every datagram gets an answer, asked for or not: half the same address, half nobody's.
      List<Message> answer = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        answer.add(i % 2 == 0 ? new PexResV4(loopback, duplicate.address().getPort()) : new PexResV4(nobody, port[0]++));
      }
      if (messages.contains(PexReq.INSTANCE) || port[0] % 3 == 0) {
        self.send(answer);
      }
    });
    RecordingObserver events = new RecordingObserver();
    PexStats[] pex = new PexStats[1];
    int maxPeers = 8;
    HostileLab.assertSpeedKept(normal, () -> lab.download(ChannelConfig.DEFAULT, events, node -> node.limitPeers(maxPeers), node -> pex[0] = node.pexStats(),
        lab.seederAddress(), tracker.address()), events);
    assertThat(duplicate.openings).as("downloaders that connected to the address offered again and again").isNotEmpty();
    assertThat(duplicate.openings.values()).as("channels each opened to it").allMatch(channels -> channels.size() == 1);
    assertThat(pex[0].learned()).as("%s", pex[0]).isLessThanOrEqualTo(maxPeers);
    assertThat(pex[0].dropped().getOrDefault(PexVerdict.UNSOLICITED, 0L)).as("%s", pex[0]).isPositive();
    assertThat(pex[0].dropped().getOrDefault(PexVerdict.OVER_PEER_LIMIT, 0L)).as("%s", pex[0]).isPositive();
  }
}
