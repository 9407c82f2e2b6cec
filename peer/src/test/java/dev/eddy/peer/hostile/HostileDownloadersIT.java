package dev.eddy.peer.hostile;

import static dev.eddy.peer.hostile.HostileLab.CHUNKS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.observe.DropReason;
import dev.eddy.peer.observe.Misbehaviour;
import dev.eddy.peer.wire.Ack;
import dev.eddy.peer.wire.Cancel;
import dev.eddy.peer.wire.ChunkSpec;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.Have;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.Request;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Eddy seeder among hostile downloaders, built on our own codec ({@link HostilePeer}): while they attack,
 * an honest Eddy downloader fetches the content from the same seeder, and must keep at least {@link
 * HostileLab#MIN_SPEED_FRACTION} of the speed measured first without them (in Eddy's CPU time, with no long
 * wait for a chunk: {@link HostileLab#assertSpeedKept}); the seeder counts what it dropped or ignored, and its
 * heap stays within {@link HostileLab#MAX_HEAP_GROWTH} while the attack goes on. Floods are paced at {@link
 * #FLOOD_RATE} datagrams a second of a quiet machine's honest download (about 50 Mbit/s of full datagrams, see
 * {@link Flood}), spoofed handshakes at {@link #HANDSHAKE_RATE}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileDownloadersIT {
  static final int FLOOD_RATE = 5_000;
  /** Spoofed opening handshakes a second: each costs the seeder a channel's set-up and its eviction. */
  static final int HANDSHAKE_RATE = 3_000;

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

  private HostilePeer connected() throws Exception {
    HostilePeer h = lab.closing(HostilePeer.open());
    h.connect(lab.seederAddress(), lab.tree.rootHash());
    h.drain();
    return h;
  }

  private static ChunkSpec range(long first, long last) {
    return new ChunkSpec.ChunkRange(first, last);
  }

  @Test
  void requestFloodsNeitherSlowHonestDownloadersNorGrowTheQueue() throws Exception {
    HostileLab.Cost normal = lab.download(new RecordingObserver(), lab.seederAddress());
    HostilePeer h = connected();
    long heapBefore = HostileLab.heapAfterGc();
    Random random = new Random(1);
    // Every other chunk, one REQUEST each (a run each), and chunks withdrawn and asked for again; nothing is
    // ever acknowledged, so every REQUEST is news to the seeder.
    List<byte[]> datagrams = new ArrayList<>();
    for (int n = 0; n * 60 < CHUNKS / 2; n++) {
      List<Message> m = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        long c = 2 * ((n * 60 + i) % (CHUNKS / 2));
        m.add(new Request(range(c, c)));
      }
      for (int i = 0; i < 10; i++) {
        long c = random.nextInt(CHUNKS);
        m.add(new Cancel(range(c, c)));
        m.add(new Request(range(c, c)));
      }
      datagrams.add(h.datagram(m));
    }
    Flood flood = lab.flood("requests", FLOOD_RATE, Flood.cycling(h, lab.seederAddress(), datagrams));
    HostileLab.assertSpeedKept(normal, () -> lab.download(new RecordingObserver(), lab.seederAddress()), lab.seederEvents);
    long growth = HostileLab.heapAfterGc() - heapBefore;
    flood.close();
    assertThat(growth).as("heap growth with the flooder's channel open").isLessThan(HostileLab.MAX_HEAP_GROWTH);
    assertThat(lab.seederEvents.misbehaviour(Misbehaviour.REQUEST_REFUSED)).as("%s", lab.seederEvents).isPositive();
  }

  @Test
  void hugeInvertedAndOutOfContentRangesAreIgnoredAndCounted() throws Exception {
    HostileLab.Cost normal = lab.download(new RecordingObserver(), lab.seederAddress());
    HostilePeer h = connected();
    long heapBefore = HostileLab.heapAfterGc();
    long max = 0xFFFF_FFFFL;
    List<Message> huge = List.of(
        new Have(range(0, max)), new Ack(range(0, max), 0), new Request(range(0, max)), new Cancel(range(0, max)),
        new Have(range(1L << 31, max)), new Request(range(CHUNKS, CHUNKS + 1000)), new Ack(range(CHUNKS + 5, CHUNKS + 5), 0),
        new Cancel(range(max, max)));
    // 32-bit chunk ranges with the end before the start: the record refuses to build them, so write the bytes.
    byte[] inverted = ByteBuffer.allocate(13).putInt((int) h.remoteChannel()).put((byte) 8).putInt(100).putInt(10).array();
    Flood flood = lab.flood("ranges", FLOOD_RATE, Flood.cycling(h, lab.seederAddress(), List.of(h.datagram(huge), inverted)));
    HostileLab.assertSpeedKept(normal, () -> lab.download(new RecordingObserver(), lab.seederAddress()), lab.seederEvents);
    long growth = HostileLab.heapAfterGc() - heapBefore;
    flood.close();
    assertThat(growth).as("heap growth with the attacker's channel open").isLessThan(HostileLab.MAX_HEAP_GROWTH);
    assertThat(lab.seederEvents.drops(DropReason.MALFORMED)).as("inverted ranges").isPositive();
    assertThat(lab.seederEvents.misbehaviour(Misbehaviour.OUT_OF_CONTENT)).as("%s", lab.seederEvents).isPositive();
  }

  @Test
  void anUnconfirmedAddressGetsNoMoreThanOneReplyPerHandshake() throws Exception {
    // The opening handshake of a spoofed source: its owner never answers.
    HostilePeer victim = lab.closing(HostilePeer.open("127.0.0.2"));
    byte[] opening = victim.openingBytes(lab.tree.rootHash());
    victim.sendBytes(lab.seederAddress(), opening);
    List<Message> reply = victim.receive(3000);
    assertThat(reply).hasSize(1).first().isInstanceOf(Handshake.class);
    long replyBytes = victim.bytesReceived();
    assertThat(replyBytes).as("one reply, no larger than the handshake it answers").isLessThanOrEqualTo(opening.length);
    assertThat(victim.receive(2000)).as("anything after the reply").isNull();
    for (int i = 0; i < 5; i++) {
      victim.sendBytes(lab.seederAddress(), opening); // the same handshake again: one reply each, no more
    }
    while (victim.receive(1500) != null) {
      // counted
    }
    assertThat(victim.datagramsReceived()).isLessThanOrEqualTo(6);
    assertThat(victim.bytesReceived()).isLessThanOrEqualTo(6L * replyBytes);
  }

  @Test
  void aFloodOfSpoofedHandshakesIsAnsweredOnceEachAndHeldWithinBounds() throws Exception {
    HostileLab.Cost normal = lab.download(new RecordingObserver(), lab.seederAddress());
    List<HostilePeer> spoofed = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      HostilePeer s = lab.closing(HostilePeer.open("127.0.1." + (i + 1)));
      s.drain();
      spoofed.add(s);
    }
    long heapBefore = HostileLab.heapAfterGc();
    Random random = new Random(2);
    // A new source channel each time: every one is a new half-open channel to the seeder.
    List<byte[]> openings = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long source = 1 + random.nextInt(Integer.MAX_VALUE - 1);
      openings.add(HostilePeer.encode(new Datagram(0, List.of(new Handshake(source, HostilePeer.options(lab.tree.rootHash()))))));
    }
    Flood flood = lab.flood("handshakes", HANDSHAKE_RATE,
        n -> spoofed.get((int) (n % spoofed.size())).sendBytes(lab.seederAddress(), openings.get((int) (n % openings.size()))));
    HostileLab.assertSpeedKept(normal, () -> lab.download(new RecordingObserver(), lab.seederAddress()), lab.seederEvents);
    long growth = HostileLab.heapAfterGc() - heapBefore;
    flood.close();
    Thread.sleep(500);
    long openingBytes = spoofed.get(0).openingBytes(lab.tree.rootHash()).length;
    long received = spoofed.stream().mapToLong(HostilePeer::bytesReceived).sum();
    assertThat(growth).as("heap growth with the half-open handshakes pending").isLessThan(HostileLab.MAX_HEAP_GROWTH);
    assertThat(received).as("bytes sent to the spoofed addresses for %d handshakes", flood.sent()).isLessThanOrEqualTo(flood.sent() * openingBytes);
  }

  @Test
  void guessedChannelIdsAndAChannelIdFromTheWrongAddressAreDroppedAndCounted() throws Exception {
    HostileLab.Cost normal = lab.download(new RecordingObserver(), lab.seederAddress());
    HostilePeer h = connected();
    HostilePeer elsewhere = lab.closing(HostilePeer.open());
    elsewhere.drain();
    Random random = new Random(3);
    List<Message> m = List.of(new Request(range(0, CHUNKS - 1)), Handshake.close());
    List<byte[]> guesses = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      guesses.add(HostilePeer.encode(new Datagram(1 + random.nextInt(Integer.MAX_VALUE - 1), m)));
    }
    byte[] stolen = HostilePeer.encode(new Datagram(h.remoteChannel(), m));
    Set<Long> honestChannels = ConcurrentHashMap.newKeySet();
    Flood flood = lab.flood("guesses", FLOOD_RATE, n -> {
      byte[] datagram = switch ((int) (n % 3)) {
        case 0 -> guesses.get((int) (n % guesses.size()));
        case 1 -> stolen;
        default -> {
          // The honest downloader's channel, as if it had been sniffed.
          lab.seederEvents.opened.stream().filter(ref -> !ref.remote().equals(h.address())).forEach(ref -> honestChannels.add(ref.localChannel()));
          long target = honestChannels.stream().findAny().orElse(h.remoteChannel());
          yield HostilePeer.encode(new Datagram(target, m));
        }
      };
      elsewhere.sendBytes(lab.seederAddress(), datagram);
    });
    HostileLab.assertSpeedKept(normal, () -> lab.download(new RecordingObserver(), lab.seederAddress()), lab.seederEvents);
    flood.close();
    assertThat(lab.seederEvents.drops(DropReason.UNKNOWN_CHANNEL)).isPositive();
    assertThat(lab.seederEvents.drops(DropReason.WRONG_SOURCE_ADDRESS)).isPositive();
    assertThat(honestChannels).isNotEmpty();
    assertThat(lab.seederEvents.closed).as("channels closed by a close from the wrong address")
        .noneMatch(ref -> ref.remote().equals(h.address()));
    assertThat(elsewhere.bytesReceived()).as("bytes sent to the guesser").isZero();
  }

  @Test
  void manyPeersThatHandshakeAndFallSilentCostLittle() throws Exception {
    HostileLab.Cost normal = lab.download(new RecordingObserver(), lab.seederAddress());
    long heapBefore = HostileLab.heapAfterGc();
    int silent = 200;
    for (int i = 0; i < silent; i++) {
      HostilePeer s = lab.closing(HostilePeer.open("127.0.2." + (1 + i % 250)));
      s.connect(lab.seederAddress(), lab.tree.rootHash()); // then nothing, ever
    }
    Thread.sleep(1500); // silent for longer than a new channel's grace (Choker): now they hold no upload slot
    HostileLab.assertSpeedKept(normal, () -> lab.download(new RecordingObserver(), lab.seederAddress()), lab.seederEvents);
    long growth = HostileLab.heapAfterGc() - heapBefore;
    assertThat(lab.seederEvents.opened.size()).isGreaterThanOrEqualTo(silent);
    assertThat(growth).as("heap growth with %d silent channels", silent).isLessThan(HostileLab.MAX_HEAP_GROWTH);
  }
}
