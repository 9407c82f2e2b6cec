package dev.eddy.peer.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.merkle.Bin;
import dev.eddy.peer.merkle.BinHash;
import dev.eddy.peer.merkle.Hash;
import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleVerifier;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.storage.ChunkSource;
import dev.eddy.peer.storage.ContentFile;
import dev.eddy.peer.storage.ForwardingChunkSource;
import dev.eddy.peer.swarm.CorruptingChunkSource;
import dev.eddy.peer.swarm.PickOrder;
import dev.eddy.peer.swarm.Swarm;
import dev.eddy.peer.swarm.SwarmListener;
import dev.eddy.peer.wire.Ack;
import dev.eddy.peer.wire.ChunkAddressing;
import dev.eddy.peer.wire.ChunkSpec;
import dev.eddy.peer.wire.Data;
import dev.eddy.peer.wire.Datagram;
import dev.eddy.peer.wire.Handshake;
import dev.eddy.peer.wire.Have;
import dev.eddy.peer.wire.Integrity;
import dev.eddy.peer.wire.Message;
import dev.eddy.peer.wire.Request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channel logic end to end over an in-memory network with a manual clock: no sockets, no sleeping. */
class ChannelTest {
  private static final int CHUNK = 1024;

  private final MemoryNetwork net = new MemoryNetwork();
  @TempDir Path dir;
  private byte[] content;
  private MerkleTree tree;
  private Path output;
  private boolean complete;

  private void seedOnBAndDownloadOnA(int bytes) throws IOException {
    seedOnBAndDownloadOnA(bytes, UnaryOperator.identity());
  }

  /** {@code serving} wraps the seeder's content file, for tests that inject a fault. */
  private void seedOnBAndDownloadOnA(int bytes, UnaryOperator<ChunkSource> serving) throws IOException {
    content = new byte[bytes];
    new Random(42).nextBytes(content);
    Path file = dir.resolve("content.bin");
    Files.write(file, content);
    tree = MerkleTree.build(file, CHUNK, HashFunction.SHA1);
    net.b.swarm = Swarm.seeding(tree, serving.apply(ContentFile.open(file, CHUNK)));
    output = dir.resolve("out.bin");
    net.a.swarm = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, output, PickOrder.SEQUENTIAL, new SwarmListener() { // in order: the tests name the chunks they fault
      @Override
      public void onComplete(Swarm swarm) {
        complete = true;
      }
    });
  }

  @Test
  void responderRepliesWithNothingButAHandshakeUntilTheInitiatorProvesItsAddress() throws IOException {
    seedOnBAndDownloadOnA(10 * CHUNK);
    Channel initiator = net.a.connect();
    assertThat(net.a.sent.get(0).channel()).isZero();
    assertThat(net.a.sent.get(0).messages()).singleElement().isInstanceOf(Handshake.class);
    net.tick(1, 1); // deliver the opening only... and everything it triggers
    assertThat(net.b.sent.get(0).messages()).singleElement().isInstanceOf(Handshake.class);
    assertThat(net.b.sent.get(0).channel()).isEqualTo(initiator.localId());
    // Only after the initiator's next datagram does the responder announce what it has.
    assertThat(net.b.sent.stream().skip(1).findFirst().orElseThrow().messages()).first().isInstanceOf(Have.class);
    assertThat(net.events).contains("a opened", "b opened");
  }

  @Test
  void downloadsAllContentVerifiedAndByteExact() throws IOException {
    seedOnBAndDownloadOnA(300 * CHUNK + 123);
    net.a.connect();
    net.tick(2_000, 5);
    assertDownloadedExactly();
  }

  @Test
  void eachSideWritesChunkSpecsItsOwnWayAndReadsTheOthersAsItAnnounced() throws IOException {
    seedOnBAndDownloadOnA(300 * CHUNK + 123);
    net.a.configure = c -> c.withChunkAddressing(ChunkAddressing.BYTE_RANGES_64);
    net.b.configure = c -> c.withChunkAddressing(ChunkAddressing.BINS_32);
    Channel downloader = net.a.connect();
    net.tick(2_000, 5);
    assertDownloadedExactly();

    assertThat(announced(net.a.sent)).containsExactly(ChunkAddressing.BYTE_RANGES_64);
    assertThat(announced(net.b.sent)).containsExactly(ChunkAddressing.BINS_32);
    assertThat(downloader.receiveContext().chunkAddressing()).isEqualTo(ChunkAddressing.BINS_32);
    assertThat(downloader.sendContext().chunkAddressing()).isEqualTo(ChunkAddressing.BYTE_RANGES_64);
    // Every spec each side sent is in its own addressing: REQUEST/ACK as byte ranges, DATA/INTEGRITY/HAVE as bins.
    assertThat(specs(net.a.sent)).isNotEmpty().allMatch(ChunkSpec.ByteRange.class::isInstance);
    assertThat(specs(net.b.sent)).isNotEmpty().allMatch(ChunkSpec.Bin.class::isInstance);
  }

  private static List<ChunkAddressing> announced(List<Datagram> sent) {
    return sent.stream().flatMap(d -> d.messages().stream()).filter(Handshake.class::isInstance)
        .map(m -> ((Handshake) m).options().chunkAddressing().orElseThrow()).distinct().toList();
  }

  private static List<ChunkSpec> specs(List<Datagram> sent) {
    return sent.stream().flatMap(d -> d.messages().stream()).filter(Message.AboutChunks.class::isInstance)
        .map(m -> ((Message.AboutChunks) m).spec()).toList();
  }

  @Test
  void aLostAnnouncementOfWhatTheSeederHoldsGoesAgainUntilTheDownloaderAsks() throws IOException {
    seedOnBAndDownloadOnA(40 * CHUNK);
    AtomicInteger announced = dropFirst(1, carrying(Have.class, 0, 39));
    net.a.connect();
    net.tick(5_000, 5);
    assertDownloadedExactly();
    // Once lost, once more to be asked from; then never again.
    assertThat(announced.get()).isEqualTo(2);
    assertThat(net.b.sent.stream().filter(carrying(Have.class, 0, 39))).hasSize(2);
  }

  @Test
  void aSeederThatAnnouncesAllItHoldsIsNoDownloaderAndADownloaderIs() throws IOException {
    seedOnBAndDownloadOnA(40 * CHUNK);
    dropFirst(1, carrying(Have.class, 0, 39)); // its announcement lost once: it goes again
    Channel toSeeder = net.a.connect();
    net.tick(5_000, 5);
    assertDownloadedExactly();
    Channel toDownloader = net.b.channels.values().iterator().next();

    // Swarm.pick spares a seeder's upload, not a downloader's (whose announcements grew as chunks verified).
    assertThat(toSeeder.downloads()).isFalse();
    assertThat(toDownloader.downloads()).isTrue();
  }

  @Test
  void retransmitsLostDataAfterTheTimeout() throws IOException {
    seedOnBAndDownloadOnA(40 * CHUNK);
    AtomicInteger dropped = dropFirst(2, carrying(Data.class, 7, 7));
    net.a.connect();
    net.tick(10_000, 5);
    assertThat(dropped.get()).isGreaterThanOrEqualTo(2);
    assertThat(net.events).anyMatch(e -> e.startsWith("b retransmit"));
    assertDownloadedExactly();
  }

  @Test
  void sendsEachHashOnceABatchAndAgainOnlyWhileNoChunkProvingItIsAcknowledged() throws IOException {
    seedOnBAndDownloadOnA(300 * CHUNK + 123);
    net.a.connect();
    net.tick(2_000, 5);
    assertThat(complete).isTrue();
    // 301 chunks: peaks [0..255], [256..287], [288..295], [296..299], [300]; under them 255 + 31 + 7 + 3
    // right children, each an uncle at least once. A later batch repeats only the hashes of its chunks'
    // paths that no acknowledged chunk proved yet: at most one per level of the tree (nine here).
    long batches = net.b.sent.stream().filter(d -> d.messages().stream().anyMatch(m -> m instanceof Integrity)).count();
    assertThat(integrityMessages(net.b.sent)).isBetween(296L + 5, 296 + 5 + 9 * batches);
    assertThat(integrityMessages(net.b.sent)).isLessThan(2 * (296 + 5));
  }

  @Test
  void onACleanPathEachHashGoesOnceWhileTheChunkCarryingItIsInFlight() throws IOException {
    seedOnBAndDownloadOnA(2_000 * CHUNK);
    net.a.connect();
    net.tick(5_000, 1);
    assertThat(complete).isTrue();
    // 2,000 chunks: fewer than 2,000 hashes below the peaks, and a handful of peaks. Batches paced by ACKs
    // used to repeat the upper levels' hashes until a chunk proving them was acknowledged: 2,392 here.
    assertThat(integrityMessages(net.b.sent)).isLessThanOrEqualTo(2_000 + 16);
  }

  @Test
  void lostHashesGoAgainWhenTheChunksNeedingThemAreResent() throws IOException {
    seedOnBAndDownloadOnA(300 * CHUNK);
    // Chunk 128's uncles [129] .. [192..255] go once, in its batch's INTEGRITY datagram, and every chunk up to
    // 255 relies on them.
    AtomicInteger dropped = dropFirst(1, carrying(Integrity.class, 192, 255));
    net.a.connect();
    net.tick(10_000, 5);
    assertThat(dropped.get()).isGreaterThanOrEqualTo(2); // sent again, the first time lost
    assertThat(net.events).anyMatch(e -> e.startsWith("b retransmit"));
    assertDownloadedExactly();
  }

  @Test
  void dataThatArrivesAheadOfItsHashesIsVerifiedWhenTheyComeNotSentAgain() throws IOException {
    seedOnBAndDownloadOnA(300 * CHUNK);
    // The batch's hashes [129] .. [192..255] go ahead of its DATA in a datagram of their own; the path lets
    // that datagram fall behind the DATA sent with it.
    AtomicInteger reordered = new AtomicInteger();
    Predicate<Datagram> hashes = carrying(Integrity.class, 192, 255);
    net.late = d -> hashes.test(d) && reordered.getAndIncrement() == 0;
    net.a.connect();
    net.tick(2_000, 5);
    assertDownloadedExactly();
    assertThat(reordered.get()).isPositive();
    assertThat(net.events).noneMatch(e -> e.startsWith("b retransmit"));
    Channel sender = net.b.channels.values().iterator().next();
    assertThat(sender.sender().lossCounters().retransmittedChunks()).isZero();
  }

  @Test
  void aHeldChunkIsVerifiedAsSoonAsTheChunkProvingItIs() throws IOException {
    // DATA 130 and the batch's hashes fall behind the rest of the batch: 131 is held, and stays unverifiable
    // when the hashes come; 130 comes after them.
    assertHeldChunkVerifiedWithTheOneProvingIt(false);
  }

  @Test
  void aHeldChunkIsVerifiedWhenTheChunkProvingItIsHeldBehindIt() throws IOException {
    // DATA 130 and the batch's hashes fall a round behind the rest, the hashes last: 130 is held too, after 131.
    assertHeldChunkVerifiedWithTheOneProvingIt(true);
  }

  /**
   * On a clean path each hash goes once: DATA 131 carries no hash, as the hash of chunk 131 comes with 130's
   * proof, and 131 verifies only once 130 has. The batch's hashes (its uncle [192..255]) and DATA 130 come
   * after the rest of the batch, in the same round or ({@code aRoundLater}) the next.
   */
  private void assertHeldChunkVerifiedWithTheOneProvingIt(boolean aRoundLater) throws IOException {
    seedOnBAndDownloadOnA(300 * CHUNK);
    Predicate<Datagram> hashes = carrying(Integrity.class, 192, 255);
    Predicate<Datagram> sibling = carrying(Data.class, 130, 130);
    net.late = aRoundLater ? hashes : hashes.or(sibling);
    net.nextRound = aRoundLater ? hashes.or(sibling) : d -> false;
    net.a.connect();
    net.tick(2_000, 5);
    assertDownloadedExactly();
    assertThat(net.b.sent).filteredOn(hashes).hasSize(1);
    assertThat(net.b.sent).filteredOn(d -> sibling.test(d) || carrying(Data.class, 131, 131).test(d)).hasSize(2);
    // Acknowledged with 130: left waiting for the next batch's hashes, a round trip or more later on a real
    // path, it went unacknowledged for so long that the seeder presumed it lost and sent it again.
    assertThat(firstAcknowledging(net.a.sent, 131)).isEqualTo(firstAcknowledging(net.a.sent, 130)).isNotNegative();
    assertThat(net.a.swarm.bytesReceived()).as("a held chunk's bytes count once, however often it is tried").isEqualTo(content.length);
  }

  @Test
  void recoversFromRandomLossInBothDirectionsByAcknowledgementsNotTimeouts() throws IOException {
    seedOnBAndDownloadOnA(2_000 * CHUNK);
    Random random = new Random(5);
    int[] dropped = new int[1];
    net.drop = d -> !(d.messages().size() == 1 && d.messages().get(0) instanceof Handshake) && random.nextInt(100) < 5 && ++dropped[0] > 0;
    net.a.connect();
    net.tick(20_000, 1);
    assertDownloadedExactly();
    Channel sender = net.b.channels.values().iterator().next();
    var loss = sender.sender().lossCounters();
    assertThat(dropped[0]).isGreaterThan(50);
    // Losses are found from what later acknowledgements show: a handful of timeouts at most. On the lossy
    // path each DATA carries its whole proof, so a lost datagram costs its own chunk only, and next to
    // nothing goes twice that arrived (batches sharing their hashes: 281 sent again, 86 of them spurious).
    assertThat(loss.timeouts()).isLessThanOrEqualTo(2);
    assertThat(loss.retransmittedChunks()).isPositive().isLessThan(2_000 / 10);
    assertThat(loss.spuriousRetransmissions()).isLessThanOrEqualTo(loss.retransmittedChunks() / 10);
    assertThat(loss.episodes()).isPositive().isLessThanOrEqualTo(loss.retransmittedChunks());
  }

  @Test
  void aLostAckDatagramCostsAProbeOfChunksNotSentYetAndNothingIsSentTwice() throws IOException {
    seedOnBAndDownloadOnA(200 * CHUNK);
    // Slow start here acknowledges each window in one datagram: losing the one acknowledging chunk 100 leaves
    // the sender with nothing more to hear. Its probe is the next chunks it was to send anyway, beyond the
    // window; their ACK brings the lost runs again as HAVE. The chunks acknowledged in the lost datagram had
    // arrived: sending them again (as the probe did before) would only have made duplicates.
    AtomicInteger dropped = dropFirst(1, d -> d.messages().stream().anyMatch(m -> m instanceof Ack ack
        && ack.spec().firstChunk(CHUNK) <= 100 && ack.spec().lastChunk(CHUNK) >= 100));
    net.a.connect();
    net.tick(3_000, 1);
    assertDownloadedExactly();
    assertThat(dropped.get()).isPositive();
    assertThat(net.events).noneMatch(e -> e.startsWith("b retransmit"));
    ChunkSender sender = net.b.channels.values().iterator().next().sender();
    assertThat(sender.lossCounters().episodes()).as("a probe is not a loss").isZero();
    assertThat(sender.lossCounters().retransmittedChunks()).isZero();
  }

  @Test
  void aLostAckOfTheLastChunksIsProbedByResendingTheOldestTwo() throws IOException {
    seedOnBAndDownloadOnA(200 * CHUNK);
    // Nothing is left to send when the ACK of the last chunk is lost: the probe sends the two oldest chunks in
    // flight again, whose ACK repeats the lost runs as HAVE.
    AtomicInteger dropped = dropFirst(1, d -> d.messages().stream().anyMatch(m -> m instanceof Ack ack && ack.spec().lastChunk(CHUNK) >= 199));
    net.a.connect();
    net.tick(3_000, 1);
    assertDownloadedExactly();
    assertThat(dropped.get()).isPositive();
    assertThat(net.events.stream().filter(e -> e.startsWith("b retransmit"))).hasSize(ChunkSender.PROBE_CHUNKS).allSatisfy(e -> {
      String[] range = e.substring("b retransmit ".length()).split("\\.\\.");
      assertThat(range[0]).isEqualTo(range[1]);
    });
    ChunkSender sender = net.b.channels.values().iterator().next().sender();
    assertThat(sender.lossCounters().episodes()).as("a probe is not a loss").isZero();
  }

  @Test
  void aLostRequestIsAskedAgainWhenDataAnsweringALaterOneArrives() throws IOException {
    net.config = ChannelConfig.DEFAULT.withRequestWindowBytes(64 * CHUNK);
    seedOnBAndDownloadOnA(400 * CHUNK);
    // The second REQUEST datagram after the first chunk's: a later one is answered first.
    AtomicInteger requests = new AtomicInteger();
    net.drop = d -> d.messages().stream().anyMatch(m -> m instanceof Request) && requests.incrementAndGet() == 3;
    net.a.connect();
    net.tick(1_000, 1);
    assertDownloadedExactly();
    assertThat(requests.get()).isGreaterThan(3);
    Channel downloader = net.a.channels.values().iterator().next();
    assertThat(downloader.requester().requestsRepeated()).isPositive();
  }

  @Test
  void theLatestRequestLostIsAskedAgainTwoRoundTripsAfterEverythingBeforeItArrived() throws IOException {
    net.config = ChannelConfig.DEFAULT.withRequestWindowBytes(64 * CHUNK);
    seedOnBAndDownloadOnA(400 * CHUNK);
    // The REQUEST for the last chunks: no later request is answered to show it lost, and DATA for the chunks
    // asked before it keeps coming for a while, so nothing is quiet either.
    List<Long> askedAtMs = new ArrayList<>();
    long[] lostFirst = {-1};
    net.drop = d -> {
      Request last = d.messages().stream().filter(m -> m instanceof Request r && r.spec().lastChunk(CHUNK) >= 399)
          .map(Request.class::cast).findFirst().orElse(null);
      if (last != null) {
        askedAtMs.add(net.clock.nanoTime() / 1_000_000);
      }
      if (last != null && askedAtMs.size() == 1) {
        lostFirst[0] = last.spec().firstChunk(CHUNK);
        return true;
      }
      return false;
    };
    long arrivedBeforeMs = -1;
    net.a.connect();
    for (int t = 0; t < 1_000 && !complete; t++) {
      net.tick(1, 1);
      if (arrivedBeforeMs < 0 && lostFirst[0] > 0 && net.a.swarm.nextMissing(0) >= lostFirst[0]) {
        arrivedBeforeMs = net.clock.nanoTime() / 1_000_000; // everything asked before the lost REQUEST
      }
    }
    assertDownloadedExactly();
    assertThat(askedAtMs).hasSizeGreaterThanOrEqualTo(2);
    // The round trip here is a few milliseconds: asked again after the 10 ms floor, long before the quiet
    // re-ask (twice the smoothed request round trip, some 100 ms) or the 2 s request timeout.
    assertThat(askedAtMs.get(1) - arrivedBeforeMs).isBetween(10L, 20L);
    Channel downloader = net.a.channels.values().iterator().next();
    assertThat(downloader.requester().requestsRepeated()).isEqualTo(1);
  }

  /** Found by ChannelFuzzTest: INTEGRITY for a range that is no bin threw out of Channel.onDatagram. */
  @Test
  void ignoresAHashForAChunkRangeThatIsNotOneBin() throws IOException {
    seedOnBAndDownloadOnA(10 * CHUNK);
    Integrity noBin = new Integrity(new dev.eddy.peer.wire.ChunkSpec.ChunkRange(0, 2), dev.eddy.peer.wire.Bytes.of(new byte[20]));
    net.rewrite = d -> d.messages().stream().anyMatch(m -> m instanceof Data)
        ? new Datagram(d.channel(), java.util.stream.Stream.concat(java.util.stream.Stream.of(noBin), d.messages().stream()).toList())
        : d;
    net.a.connect();
    net.tick(2_000, 5);
    assertDownloadedExactly();
  }

  @Test
  void aHaveAnsweringAChunkInFlightSettlesItLikeAnAck() throws IOException {
    seedOnBAndDownloadOnA(100 * CHUNK);
    // The downloader announces the run holding chunk 7 with HAVE instead of acknowledging it, as libswift
    // answers duplicates.
    net.rewrite = d -> new Datagram(d.channel(), d.messages().stream()
        .map(m -> m instanceof Ack ack && ack.spec().firstChunk(CHUNK) <= 7 && ack.spec().lastChunk(CHUNK) >= 7
            ? new Have(ack.spec()) : m)
        .toList());
    net.a.connect();
    net.tick(3_000, 5);
    assertThat(complete).isTrue();
    assertThat(net.events).noneMatch(e -> e.startsWith("b retransmit"));
    assertThat(net.b.channels.values()).singleElement().satisfies(ch -> assertThat(ch.sender().bytesInFlight()).isZero());
  }

  @Test
  void aDatagramAcknowledgingChunkByChunkKeepsTheWindowItFilled() throws IOException {
    seedOnBAndDownloadOnA(1500 * CHUNK);
    // Each acknowledged run becomes one ACK per chunk (as libswift acknowledges), all in one datagram; chunk
    // 100's ACK says the queue grew by 20 ms, which ends slow start, so LEDBAT's cap on the window (the flight
    // before the acknowledgements, plus one segment) applies from then on. Measured against the flight left
    // after each ACK instead, the last ACK of a datagram cut the window to about two chunks.
    AtomicBoolean queued = new AtomicBoolean();
    net.rewrite = d -> new Datagram(d.channel(), d.messages().stream()
        .flatMap(m -> m instanceof Ack ack && ack.spec() instanceof ChunkSpec.ChunkRange r
            ? LongStream.rangeClosed(r.start(), r.end()).mapToObj(c -> (Message) new Ack(new ChunkSpec.ChunkRange(c, c),
                ack.delaySampleMicros() + (c == 100 && !queued.getAndSet(true) ? 20_000 : 0)))
            : Stream.of(m))
        .toList());
    net.a.connect();
    net.tick(3_000, 5);
    assertDownloadedExactly();
    assertThat(queued).isTrue();
    ChunkSender sender = net.b.channels.values().iterator().next().sender();
    assertThat(sender.lossCounters().episodes()).isZero();
    assertThat(sender.cwndBytes()).isGreaterThan(32L * CHUNK);
  }

  @Test
  void aChunkTheSeederCannotReadIsSkippedAndAskedForAgain() throws IOException {
    AtomicInteger failures = new AtomicInteger();
    seedOnBAndDownloadOnA(100 * CHUNK, file -> new ForwardingChunkSource(file) {
      @Override
      public int readChunk(long chunk, ByteBuffer target) throws IOException {
        if (chunk == 40 && failures.getAndIncrement() == 0) {
          throw new IOException("disk error");
        }
        return super.readChunk(chunk, target);
      }
    });
    net.containFailures = true;
    net.a.connect();
    net.tick(5_000, 5);
    assertThat(net.events).containsOnlyOnce("b failed: java.io.IOException: cannot read chunk 40 of the content");
    // The chunks batched after it must not stay counted in flight unsent: the window would stall.
    assertDownloadedExactly();
    assertThat(net.b.channels.values()).singleElement().satisfies(ch -> assertThat(ch.sender().bytesInFlight()).isZero());
  }

  @Test
  void withAtomicDatagramsEachChunkVerifiesFromItsOwnDatagramAlone() throws IOException {
    seedOnBAndDownloadOnA(300 * CHUNK + 123);
    net.config = ChannelConfig.DEFAULT.withAtomicDatagrams(true);
    net.a.connect();
    net.tick(2_000, 5);
    assertDownloadedExactly();
    assertThat(strictlyVerifiable(net.b.sent)).isEqualTo(301);
  }

  @Test
  void byDefaultABatchsHashesRideWithItsFirstDataOrGoAheadInADatagramOfTheirOwn() throws IOException {
    seedOnBAndDownloadOnA(300 * CHUNK + 123);
    net.a.connect();
    net.tick(2_000, 5);
    assertDownloadedExactly();
    // Slow start's first windows are small batches whose few hashes ride with their first DATA; later
    // batches need more than MAX_PIGGYBACKED_HASHES and send them ahead. Either way the batch's other DATA
    // rely on hashes from another datagram.
    assertThat(strictlyVerifiable(net.b.sent)).isLessThan(301);
    assertThat(net.b.sent).anyMatch(d -> d.messages().size() > 1 && d.messages().get(0) instanceof Integrity
        && d.messages().get(d.messages().size() - 1) instanceof Data);
    assertThat(net.b.sent).anyMatch(d -> !d.messages().isEmpty() && d.messages().stream().allMatch(m -> m instanceof Integrity));
    assertThat(net.b.sent.stream().filter(d -> d.messages().stream().anyMatch(m -> m instanceof Data)))
        .allSatisfy(d -> assertThat(d.messages().stream().filter(m -> m instanceof Integrity).count())
            .isLessThanOrEqualTo(ChunkSender.MAX_PIGGYBACKED_HASHES));
  }

  /**
   * Replays the DATA datagrams in the order sent into a receiver that uses only the INTEGRITY of each DATA's
   * own datagram and the hashes it verified itself (RFC 7574 §5.3); returns how many chunks verify before the
   * first that does not.
   */
  private int strictlyVerifiable(List<Datagram> sent) {
    MerkleVerifier strict = new MerkleVerifier(tree.rootHash(), HashFunction.SHA1, CHUNK);
    int verified = 0;
    for (Datagram d : sent) {
      List<BinHash> hashes = new ArrayList<>();
      for (Message m : d.messages()) {
        if (m instanceof Integrity in) {
          hashes.add(new BinHash(Bin.ofChunkRange(in.spec().firstChunk(CHUNK), in.spec().lastChunk(CHUNK)), Hash.of(in.hash().toByteArray())));
        } else if (m instanceof Data data) {
          int chunk = (int) data.spec().firstChunk(CHUNK);
          ByteBuffer bytes = ByteBuffer.wrap(content, chunk * CHUNK, Math.min(CHUNK, content.length - chunk * CHUNK));
          if (strict.verify(chunk, bytes, hashes) != MerkleVerifier.Result.VERIFIED) {
            return verified;
          }
          verified++;
        }
      }
    }
    return verified;
  }

  @Test
  void corruptDataClosesTheChannelAsAnIntegrityFailure() throws IOException {
    seedOnBAndDownloadOnA(20 * CHUNK, file -> new CorruptingChunkSource(file, 3));
    net.a.connect();
    net.tick(1_000, 5);
    assertThat(net.events).contains("a integrity failure 3", "a closed INTEGRITY_FAILURE", "b closed REMOTE_CLOSED");
    assertThat(complete).isFalse();
  }

  @Test
  void unansweredHandshakesBackOffThenGiveUp() throws IOException {
    seedOnBAndDownloadOnA(CHUNK);
    net.drop = d -> true;
    net.a.connect();
    net.tick(net.config.handshakeGiveUpNs() / 1_000_000 + 50, 5);
    long handshakes = net.a.sent.stream().filter(d -> d.messages().get(0) instanceof Handshake).count();
    assertThat(handshakes).isEqualTo(net.config.handshakeAttempts());
    assertThat(net.events).containsExactly("a closed HANDSHAKE_TIMEOUT");
  }

  @Test
  void sendsKeepAlivesWhenIdleAndClosesADeadPeer() throws IOException {
    seedOnBAndDownloadOnA(4 * CHUNK);
    net.a.connect();
    net.tick(1_000, 5);
    assertThat(complete).isTrue();
    int before = net.a.sent.size();
    net.tick(net.config.keepAliveNs() / 1_000_000 + 100, 50);
    assertThat(net.a.sent.subList(before, net.a.sent.size())).anyMatch(d -> d.isKeepAlive());
    net.drop = d -> true; // the peer vanishes
    net.tick(net.config.deadPeerNs() / 1_000_000 + 100, 100);
    assertThat(net.events).contains("a closed PEER_TIMEOUT", "b closed PEER_TIMEOUT");
  }

  @Test
  void aChokedDownloaderStopsAskingUntilUnchoked() throws IOException {
    seedOnBAndDownloadOnA(100 * CHUNK);
    Channel[] seederSide = new Channel[1];
    net.b.onOpened = ch -> {
      seederSide[0] = ch;
      ch.setChoking(true);
    };
    net.a.connect();
    net.tick(500, 5);
    assertThat(net.events).contains("b choked", "a choked by remote");
    assertThat(complete).isFalse();
    int sentWhileChoked = net.a.sent.size();
    net.tick(100, 5);
    assertThat(net.a.sent.subList(sentWhileChoked, net.a.sent.size()))
        .noneMatch(d -> d.messages().stream().anyMatch(m -> m instanceof dev.eddy.peer.wire.Request));
    seederSide[0].setChoking(false);
    net.run();
    net.tick(1_000, 5);
    assertThat(net.events).contains("a unchoked by remote");
    assertDownloadedExactly();
  }

  @Test
  void requestsGivenBackAreCancelledAtTheRemoteAndPickedAgainThoughNothingArrives() throws IOException {
    seedOnBAndDownloadOnA(100 * CHUNK);
    // The first chunk (which brings the content's size), then no DATA: the requests stay outstanding.
    net.drop = d -> d.messages().stream().anyMatch(m -> m instanceof Data data && data.spec().firstChunk(CHUNK) > 0);
    Channel downloader = net.a.connect();
    net.tick(20, 5);
    int asked = downloader.requester().outstanding();
    assertThat(asked).isPositive();
    int sentBefore = net.a.sent.size();
    // From now on nothing of the seeder's arrives (its retransmissions included) to wake the downloader's channel.
    net.drop = d -> !net.a.sent.contains(d);

    downloader.giveBackRequested(0, 99); // another downloader announced them all
    assertThat(downloader.requester().outstanding()).isZero();
    net.run();
    assertThat(net.a.sent.subList(sentBefore, net.a.sent.size()).stream().flatMap(d -> d.messages().stream())
        .filter(m -> m instanceof dev.eddy.peer.wire.Cancel)).isNotEmpty();
    net.tick(2 * ChunkRequester.IDLE_LOOK_NS / 1_000_000, 1);
    assertThat(downloader.requester().outstanding()).as("asked again on its own").isPositive();

    net.drop = d -> false;
    net.tick(1_000, 5);
    assertDownloadedExactly(); // handed back to the picker, so asked for again
  }

  @Test
  void aSeederIsAskedForWhatAServingDownloaderHoldsOnlyAfterASecondWithNothingElseToAsk() throws IOException {
    seedOnBAndDownloadOnA(100 * CHUNK);
    java.util.BitSet everything = new java.util.BitSet();
    everything.set(0, 100);
    net.a.swarm.join(new dev.eddy.peer.swarm.SwarmMember() { // another downloader, complete, that serves us
      @Override public void announce(long firstChunk, long lastChunk) {}
      @Override public void cancelIfRequested(long chunk) {}
      @Override public void giveBackRequested(long first, long last) {}
      @Override public boolean remoteHasEverything() {
        return true;
      }
      @Override public boolean downloads() {
        return true;
      }
      @Override public boolean servesUs() {
        return true;
      }
      @Override public java.util.BitSet remoteHas() {
        return everything;
      }
      @Override public void wakeUp() {}
    });
    Channel toSeeder = net.a.connect();
    net.tick(ChunkRequester.IDLE_PATIENCE_NS / 2_000_000, 5);
    assertThat(toSeeder.requester().outstanding()).as("left to the downloader").isZero();
    assertThat(complete).isFalse();

    net.tick(ChunkRequester.IDLE_PATIENCE_NS / 1_000_000 + 2_000, 5);

    assertDownloadedExactly(); // that downloader never delivered: the seeder, idle a second, was asked after all
  }

  @Test
  void aSeederServesAChunkItJustSentAnotherDownloaderAfterAMoment() throws IOException {
    seedOnBAndDownloadOnA(100 * CHUNK);
    net.a.connect();
    net.a.connect(); // two channels, so the seeder serves two members of its swarm
    for (int ms = 0; ms < 1_000 && !complete; ms++) {
      net.tick(1, 1);
    }
    assertDownloadedExactly();
    // The last chunk the seeder sent, and the seeder's other channel, which did not send it.
    Datagram last = net.b.sent.stream().filter(d -> d.messages().stream().anyMatch(m -> m instanceof Data)).reduce((x, y) -> y).orElseThrow();
    long chunk = last.messages().stream().filter(m -> m instanceof Data).map(m -> ((Data) m).spec().firstChunk(CHUNK)).findFirst().orElseThrow();
    Channel other = net.b.channels.values().stream().filter(ch -> ch.remoteId() != last.channel()).findFirst().orElseThrow();
    Predicate<Datagram> chunkToOther = d -> d.channel() == other.remoteId()
        && d.messages().stream().anyMatch(m -> m instanceof Data data && data.spec().firstChunk(CHUNK) == chunk);

    other.onDatagram(List.of(new Request(new ChunkSpec.ChunkRange(chunk, chunk))), other.receiveContext(), 20);
    net.tick(100, 5);
    assertThat(net.b.sent).as("held: the downloader that got it will offer it").noneMatch(chunkToOther);
    net.tick(1_000, 5);
    assertThat(net.b.sent).as("nobody cancelled: served after all").anyMatch(chunkToOther);
  }

  @Test
  void closeHandshakeEndsTheChannelOnBothSides() throws IOException {
    seedOnBAndDownloadOnA(4 * CHUNK);
    Channel ch = net.a.connect();
    net.tick(200, 5);
    ch.close(dev.eddy.peer.observe.CloseReason.LOCAL_CLOSED, "test", true);
    net.run();
    assertThat(net.events).contains("a closed LOCAL_CLOSED", "b closed REMOTE_CLOSED");
    assertThat(net.b.channels).isEmpty();
  }

  private void assertDownloadedExactly() throws IOException {
    assertThat(complete).isTrue();
    assertThat(Files.readAllBytes(output)).isEqualTo(content);
  }

  /** Drops the first {@code times} datagrams {@code which} matches; counts every datagram it matches. */
  private AtomicInteger dropFirst(int times, Predicate<Datagram> which) {
    AtomicInteger matched = new AtomicInteger();
    net.drop = d -> which.test(d) && matched.getAndIncrement() < times;
    return matched;
  }

  /** Datagrams with a message of {@code type} about exactly chunks {@code first..last}. */
  private static Predicate<Datagram> carrying(Class<? extends Message.AboutChunks> type, long first, long last) {
    return d -> d.messages().stream().anyMatch(m -> type.isInstance(m)
        && ((Message.AboutChunks) m).spec().firstChunk(CHUNK) == first && ((Message.AboutChunks) m).spec().lastChunk(CHUNK) == last);
  }

  /** The index of the first of {@code datagrams} with an ACK for {@code chunk}; -1 if none. */
  private static int firstAcknowledging(List<Datagram> datagrams, long chunk) {
    for (int i = 0; i < datagrams.size(); i++) {
      if (datagrams.get(i).messages().stream().anyMatch(m -> m instanceof Ack ack
          && ack.spec().firstChunk(CHUNK) <= chunk && chunk <= ack.spec().lastChunk(CHUNK))) {
        return i;
      }
    }
    return -1;
  }

  private static long integrityMessages(List<Datagram> datagrams) {
    return datagrams.stream().flatMap(d -> d.messages().stream()).filter(m -> m instanceof Integrity).count();
  }
}
