package dev.eddy.peer.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.peer.merkle.MerkleVerifier.Result;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MerkleVerifierTest {
  private static final int CHUNK = 64;

  private final byte[] content = randomContent(100 * CHUNK - 17, 42);
  private final MerkleTree tree = treeOf(content, CHUNK, HashFunction.SHA1);
  private final MerkleVerifier verifier = new MerkleVerifier(tree.rootHash(), HashFunction.SHA1, CHUNK);

  @Test
  void verifiesAChunkFromPeaksAndUnclesKnowingOnlyTheRoot() {
    assertThat(verifier.hasPeaks()).isFalse();

    assertThat(verifier.verify(0, chunk(0), tree.proof(0))).isEqualTo(Result.VERIFIED);

    assertThat(verifier.chunkCount()).isEqualTo(100);
    assertThat(verifier.peaks()).isEqualTo(tree.peaks());
    assertThat(verifier.hash(Bin.of(5, 1))).isEqualTo(tree.hash(Bin.of(5, 1)));
  }

  @Test
  void remembersVerifiedHashesSoLaterChunksNeedFewerUncles() {
    verifier.verify(0, chunk(0), tree.proof(0));

    assertThat(verifier.missingHashes(1)).isEmpty(); // chunk 1 was chunk 0's first uncle
    assertThat(verifier.missingHashes(2)).containsExactly(Bin.ofChunk(3));
    assertThat(verifier.missingHashes(40)).containsExactly(Bin.ofChunk(41), Bin.of(1, 21), Bin.of(2, 11), Bin.of(3, 4), Bin.of(4, 3));
    assertThat(verifier.verify(1, chunk(1), List.of())).isEqualTo(Result.VERIFIED);
    assertThat(verifier.verify(2, chunk(2), List.of(new BinHash(Bin.ofChunk(3), tree.hash(Bin.ofChunk(3))))))
        .isEqualTo(Result.VERIFIED);
  }

  @Test
  void aRestoredSnapshotKnowsWhatTheOriginalVerifiedAndGoesOn() {
    verifier.verify(0, chunk(0), tree.proof(0));
    verifier.verify(40, chunk(40), tree.proof(40));

    MerkleVerifier restored = MerkleVerifier.restore(tree.rootHash(), HashFunction.SHA1, CHUNK, verifier.snapshot());

    assertThat(restored.chunkCount()).isEqualTo(100);
    assertThat(restored.peaks()).isEqualTo(tree.peaks());
    assertThat(restored.missingHashes(40)).isEmpty();
    assertThat(restored.missingHashes(2)).isEqualTo(verifier.missingHashes(2));
    assertThat(restored.verify(1, chunk(1), List.of())).isEqualTo(Result.VERIFIED);
    assertThat(restored.verify(99, chunk(99), tree.proof(99))).isEqualTo(Result.VERIFIED);
  }

  @Test
  void aSnapshotWhosePeaksDoNotLeadToTheRootIsRefused() {
    verifier.verify(0, chunk(0), tree.proof(0));
    MerkleVerifier.Snapshot snapshot = verifier.snapshot();
    byte[] hashes = snapshot.hashes().clone();
    hashes[hashes.length - 1] ^= 1; // the last known bin in bin order is the last peak

    assertThatThrownBy(() -> MerkleVerifier.restore(tree.rootHash(), HashFunction.SHA1, CHUNK,
        new MerkleVerifier.Snapshot(snapshot.chunkCount(), snapshot.known(), hashes)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not combine to the swarm ID");
  }

  @Test
  void adoptsTheSubtreesWhereBytesOnDiskMatchVerifiedHashes() {
    byte[] damaged = content.clone();
    damaged[70 * CHUNK + 3] ^= 1;
    MerkleTree onDisk = treeOf(damaged, CHUNK, HashFunction.SHA1);
    verifier.acceptPeaks(tree.peaks());
    long firstPeak = tree.peakBins()[0]; // chunks 0..63
    long secondPeak = tree.peakBins()[1]; // chunks 64..95, holding the damaged chunk 70

    assertThat(verifier.adopt(firstPeak, onDisk)).isTrue();
    assertThat(verifier.knows(Bin.ofChunk(17))).isTrue();
    assertThat(verifier.adopt(secondPeak, onDisk)).isFalse();
    assertThat(verifier.knows(Bin.ofChunk(70))).isFalse();

    assertThat(verifier.verify(64, chunk(64), tree.proof(64))).isEqualTo(Result.VERIFIED); // its uncles are verified now
    assertThat(verifier.adopt(Bin.of(4, 5), onDisk)).as("chunks 80..95, intact").isTrue();
    assertThat(verifier.adopt(Bin.of(3, 8), onDisk)).as("chunks 64..71, with the damage").isFalse();
  }

  @Test
  void corruptChunkIsRejectedAndTeachesNothing() {
    byte[] bytes = new byte[CHUNK];
    chunk(7).get(bytes);
    bytes[5] ^= 1;
    ByteBuffer corrupt = ByteBuffer.wrap(bytes);
    verifier.acceptPeaks(tree.peaks());
    long[] missingBefore = verifier.missingHashes(7);

    assertThat(verifier.verify(7, corrupt, tree.proof(7))).isEqualTo(Result.HASH_MISMATCH);

    assertThat(verifier.missingHashes(7)).containsExactly(missingBefore);
    assertThat(verifier.knows(Bin.ofChunk(6))).isFalse();
    assertThat(verifier.verify(7, chunk(7), tree.proof(7))).isEqualTo(Result.VERIFIED);
  }

  @Test
  void forgedUncleIsRejected() {
    List<BinHash> proof = new ArrayList<>(tree.proof(9));
    int last = proof.size() - 1;
    proof.set(last, new BinHash(proof.get(last).bin(), tree.hash(Bin.ofChunk(0))));

    assertThat(verifier.verify(9, chunk(9), proof)).isEqualTo(Result.HASH_MISMATCH);
  }

  @Test
  void verifiedHashesWinOverConflictingOfferedOnes() {
    verifier.verify(0, chunk(0), tree.proof(0));
    // A forged hash for chunk 1 (known since chunk 0 verified) must not let bad bytes through.
    List<BinHash> forged = List.of(new BinHash(Bin.ofChunk(1), hashOf(new byte[CHUNK])));

    assertThat(verifier.verify(1, ByteBuffer.wrap(new byte[CHUNK]), forged)).isEqualTo(Result.HASH_MISMATCH);
  }

  @Test
  void peaksThatDoNotCombineToTheRootAreRefused() {
    List<BinHash> wrong = new ArrayList<>(tree.peaks());
    wrong.set(1, new BinHash(wrong.get(1).bin(), tree.hash(Bin.ofChunk(0))));

    assertThat(verifier.acceptPeaks(wrong)).isFalse();
    assertThat(verifier.verify(0, chunk(0), wrong)).isEqualTo(Result.PEAKS_UNKNOWN);
    assertThat(verifier.hasPeaks()).isFalse();
    assertThatThrownBy(() -> verifier.missingHashes(0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPrefixOfThePeaksIsNotMistakenForAllOfThem() {
    assertThat(verifier.acceptPeaks(tree.peaks().subList(0, 2))).isFalse();
    assertThat(verifier.acceptPeaks(tree.proof(50))).isTrue();
    assertThat(verifier.chunkCount()).isEqualTo(100);
  }

  @Test
  void aRootPosingAsAHugeSinglePeakIsRefused() {
    // Any bin at offset 0 whose hash is the root "combines" to the root: bound what a liar can claim.
    List<BinHash> lie = List.of(new BinHash(Bin.of(20, 0), tree.rootHash()));
    MerkleVerifier bounded = new MerkleVerifier(tree.rootHash(), HashFunction.SHA1, CHUNK, 1 << 19);

    assertThat(bounded.acceptPeaks(lie)).isFalse();
    assertThat(bounded.hasPeaks()).isFalse();
    assertThat(bounded.acceptPeaks(tree.peaks())).isTrue();
    assertThat(verifier.acceptPeaks(lie)).isTrue(); // within the default bound the lie is indistinguishable
    assertThat(verifier.chunkCount()).isEqualTo(1 << 20);
  }

  @Test
  void missingUncleIsReportedNotGuessed() {
    List<BinHash> proof = new ArrayList<>(tree.proof(20));
    proof.remove(proof.size() - 2);

    assertThat(verifier.verify(20, chunk(20), proof)).isEqualTo(Result.MISSING_HASHES);
  }

  @Test
  void chunkLengthAndRangeAreChecked() {
    verifier.acceptPeaks(tree.peaks());

    assertThat(verifier.verify(100, chunk(0), List.of())).isEqualTo(Result.OUT_OF_RANGE);
    assertThat(verifier.verify(3, ByteBuffer.allocate(CHUNK - 1), tree.proof(3))).isEqualTo(Result.BAD_LENGTH);
    assertThat(verifier.verify(99, ByteBuffer.allocate(CHUNK + 1), tree.proof(99))).isEqualTo(Result.BAD_LENGTH);
    // The real length of the last chunk is unknown until it verifies: a full-size one is just wrong bytes.
    assertThat(verifier.verify(99, ByteBuffer.allocate(CHUNK), tree.proof(99))).isEqualTo(Result.HASH_MISMATCH);
    assertThat(verifier.verify(99, ByteBuffer.allocate(0), tree.proof(99))).isEqualTo(Result.BAD_LENGTH);
    assertThat(verifier.verify(99, chunk(99), tree.proof(99))).isEqualTo(Result.VERIFIED);
  }

  @Test
  void rootOfTheWrongLengthIsRefusedAtOnce() {
    assertThatThrownBy(() -> new MerkleVerifier(tree.rootHash(), HashFunction.SHA256, CHUNK))
        .hasMessageContaining("20 bytes");
  }

  @Test
  void leavesTheDataBufferPositionAlone() {
    ByteBuffer data = chunk(4);
    int position = data.position();

    verifier.verify(4, data, tree.proof(4));

    assertThat(data.position()).isEqualTo(position);
  }

  /**
   * A seeder sending only what {@link ReceiverKnowledge} says the receiver lacks, in any order, always
   * sends enough for the verifier, for every hash function and size, even when some ACKs are lost (the
   * seeder then knows less than the receiver holds, and sends more than needed).
   */
  @Property(tries = 60)
  void minimalProofsInAnyOrderAlwaysVerify(
      @ForAll @IntRange(min = 1, max = 300) int chunkCount,
      @ForAll @IntRange(min = 1, max = 9) int lastChunkLength,
      @ForAll HashFunction function,
      @ForAll long seed) {
    int chunkSize = 9;
    byte[] data = randomContent((chunkCount - 1) * chunkSize + lastChunkLength, seed);
    MerkleTree seeder = treeOf(data, chunkSize, function);
    MerkleVerifier downloader = new MerkleVerifier(seeder.rootHash(), function, chunkSize);
    ReceiverKnowledge knowledge = new ReceiverKnowledge(chunkCount);
    List<Long> order = new ArrayList<>();
    for (long c = 0; c < chunkCount; c++) {
      order.add(c);
    }
    Random random = new Random(seed);
    Collections.shuffle(order, random);

    for (long c : order) {
      List<BinHash> proof = seeder.proof(c, knowledge);
      if (downloader.hasPeaks()) {
        // The seeder's view is conservative: it sends at least what the downloader lacks.
        assertThat(proof.stream().map(BinHash::bin).toList()).containsAll(boxed(downloader.missingHashes(c)));
      }
      int from = (int) (c * chunkSize);
      ByteBuffer bytes = ByteBuffer.wrap(data, from, Math.min(chunkSize, data.length - from));
      assertThat(downloader.verify(c, bytes, proof)).as("chunk %d", c).isEqualTo(Result.VERIFIED);
      if (random.nextInt(3) > 0) {
        knowledge.onChunksVerified(c, c); // the ACK arrived
      }
    }
  }

  /**
   * A seeder that leaves out hashes already sent with a chunk still in flight (as the peer's sender does),
   * over a wire that loses datagrams and ACKs: what arrives never fails verification, a chunk that cannot
   * verify for a lost predecessor's hashes is simply sent again, and every chunk verifies in the end.
   */
  @Property(tries = 60)
  void batchesLeavingOutHashesSentEarlierInTheBatchRecoverFromLoss(
      @ForAll @IntRange(min = 1, max = 300) int chunkCount,
      @ForAll @IntRange(min = 0, max = 30) int lossPercent,
      @ForAll long seed) {
    int chunkSize = 9;
    byte[] data = randomContent(chunkCount * chunkSize, seed);
    MerkleTree seeder = treeOf(data, chunkSize, HashFunction.SHA1);
    MerkleVerifier downloader = new MerkleVerifier(seeder.rootHash(), HashFunction.SHA1, chunkSize);
    ReceiverKnowledge knowledge = new ReceiverKnowledge(chunkCount);
    Random random = new Random(seed);
    List<Long> toSend = new ArrayList<>();
    for (long c = 0; c < chunkCount; c++) {
      toSend.add(c);
    }
    Collections.shuffle(toSend.subList(chunkCount / 2, chunkCount), random); // in order, then scattered
    boolean[] verified = new boolean[chunkCount];
    int rounds = 0;
    while (!toSend.isEmpty()) {
      assertThat(rounds++).as("rounds").isLessThan(20 * chunkCount + 100);
      // One round trip: a window goes out, the survivors arrive in order, then the sender learns the outcome.
      List<Long> window = new ArrayList<>(toSend.subList(0, Math.min(toSend.size(), 1 + random.nextInt(40))));
      toSend.subList(0, window.size()).clear();
      List<List<BinHash>> proofs = new ArrayList<>();
      for (long c : window) {
        List<BinHash> proof = seeder.proof(c, knowledge);
        knowledge.onSent(proof);
        proofs.add(proof);
      }
      proofs.forEach(knowledge::forgetSent); // the batch is out: its hashes count only once acknowledged
      for (int i = 0; i < window.size(); i++) {
        long c = window.get(i);
        boolean acked = false;
        if (random.nextInt(100) >= lossPercent) {
          ByteBuffer bytes = ByteBuffer.wrap(data, (int) c * chunkSize, chunkSize);
          Result result = downloader.verify(c, bytes, proofs.get(i));
          assertThat(result).as("chunk %d", c).isIn(Result.VERIFIED, Result.MISSING_HASHES, Result.PEAKS_UNKNOWN);
          verified[(int) c] |= result == Result.VERIFIED;
          acked = result == Result.VERIFIED && random.nextInt(100) >= lossPercent;
        }
        if (acked) {
          knowledge.onChunksVerified(c, c);
        } else {
          toSend.add(0, c);
        }
      }
    }
    for (int c = 0; c < chunkCount; c++) {
      assertThat(verified[c]).as("chunk %d", c).isTrue();
    }
  }

  private static List<Long> boxed(long[] bins) {
    List<Long> list = new ArrayList<>();
    for (long bin : bins) {
      list.add(bin);
    }
    return list;
  }

  private ByteBuffer chunk(long c) {
    int from = (int) (c * CHUNK);
    return ByteBuffer.wrap(content, from, Math.min(CHUNK, content.length - from)).slice();
  }

  private static Hash hashOf(byte[] bytes) {
    return Hash.of(HashFunction.SHA1.newDigest().digest(bytes));
  }

  static byte[] randomContent(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static MerkleTree treeOf(byte[] content, int chunkSize, HashFunction function) {
    try {
      return MerkleTree.build(
          Channels.newChannel(new ByteArrayInputStream(content)), content.length, chunkSize, function);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
