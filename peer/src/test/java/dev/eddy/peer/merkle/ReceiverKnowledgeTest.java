package dev.eddy.peer.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReceiverKnowledgeTest {
  private final ReceiverKnowledge receiver = new ReceiverKnowledge(100);

  @Test
  void sendsPeaksAndEveryUncleUntilTheFirstAnnouncement() {
    assertThat(names(receiver.binsToSend(0)))
        .containsExactly("[0..63]", "[64..95]", "[96..99]", "[32..63]", "[16..31]", "[8..15]", "[4..7]", "[2..3]",
            "[1]");
    assertThat(receiver.knowsPeaks()).isFalse();
  }

  @Test
  void afterAnAckSendsOnlyTheUnclesLibswiftSends() {
    receiver.onChunksVerified(0, 0);

    // libswift-100k.pcap frames 6 and 7: chunks 32 and 33 after chunk 0 was acknowledged.
    assertThat(names(receiver.binsToSend(32)))
        .containsExactly("[48..63]", "[40..47]", "[36..39]", "[34..35]", "[33]");
    assertThat(names(receiver.binsToSend(33)))
        .containsExactly("[48..63]", "[40..47]", "[36..39]", "[34..35]", "[32]");
    assertThat(receiver.binsToSend(1)).isEmpty(); // the receiver got chunk 1's hash as chunk 0's uncle
    assertThat(names(receiver.binsToSend(2))).containsExactly("[3]");
    assertThat(receiver.knowsPeaks()).isTrue();
  }

  @Test
  void aHashSentEarlierInABatchIsLeftOutForTheRestOfTheBatchOnly() {
    receiver.onChunksVerified(0, 0);
    List<BinHash> with32 = proof(32);
    receiver.onSent(with32);

    assertThat(names(receiver.binsToSend(33))).isEmpty(); // chunk 32's uncles include chunk 33's hash
    assertThat(names(receiver.binsToSend(34))).containsExactly("[35]");
    assertThat(names(receiver.binsToSend(40))).containsExactly("[44..47]", "[42..43]", "[41]");

    receiver.forgetSent(with32); // the batch went: until acknowledged, the next batch carries them again
    assertThat(names(receiver.binsToSend(33)))
        .containsExactly("[48..63]", "[40..47]", "[36..39]", "[34..35]", "[32]");
  }

  @Test
  void sendingInOrderWithoutAcksSendsEveryUncleOnce() {
    Set<Long> peaks = Set.of(Bin.of(6, 0), Bin.of(5, 2), Bin.of(2, 24));
    Set<Long> uncles = new HashSet<>();
    for (long c = 0; c < 100; c++) {
      List<BinHash> proof = proof(c);
      receiver.onSent(proof);
      for (BinHash h : proof) {
        if (!peaks.contains(h.bin())) {
          assertThat(uncles.add(h.bin())).as("%s sent twice", Bin.toString(h.bin())).isTrue();
        }
      }
    }
    // Every right child under the peaks [0..63], [64..95] and [96..99], once; left children are on paths.
    assertThat(uncles).hasSize(63 + 31 + 3);
  }

  @Test
  void aRangeAnnouncementCoversEverySubtreeInside() {
    receiver.onChunksVerified(32, 63);

    assertThat(receiver.knows(Bin.of(5, 1))).isTrue();
    assertThat(receiver.knows(Bin.of(5, 0))).isTrue(); // sibling of an announced subtree
    assertThat(receiver.knows(Bin.of(4, 1))).isFalse();
    assertThat(names(receiver.binsToSend(40))).isEmpty();
    assertThat(names(receiver.binsToSend(0))).containsExactly("[16..31]", "[8..15]", "[4..7]", "[2..3]", "[1]");
  }

  @Test
  void announcementsPastTheEndAreIgnored() {
    receiver.onChunksVerified(100, 200);
    receiver.onChunksVerified(98, 1000);

    assertThat(receiver.knowsPeaks()).isTrue();
    assertThat(receiver.binsToSend(99)).isEmpty();
    assertThat(names(receiver.binsToSend(97))).containsExactly("[96]");
  }

  /** {@code knows} against its definition: the parent of the bin holds an announced chunk (or any, for peaks). */
  @Property(tries = 200)
  void knowsExactlyTheHashesImpliedByTheAnnouncements(
      @ForAll @IntRange(min = 1, max = 200) int chunkCount, @ForAll long seed) {
    Random random = new Random(seed);
    ReceiverKnowledge knowledge = new ReceiverKnowledge(chunkCount);
    boolean[] announced = new boolean[chunkCount];
    for (int i = random.nextInt(6); i > 0; i--) {
      int first = random.nextInt(chunkCount);
      int last = first + random.nextInt(random.nextBoolean() ? 3 : chunkCount);
      knowledge.onChunksVerified(first, last);
      for (int c = first; c <= Math.min(last, chunkCount - 1); c++) {
        announced[c] = true;
      }
    }

    boolean any = false;
    for (boolean a : announced) {
      any |= a;
    }
    for (long peak : Bin.peaks(chunkCount)) {
      assertThat(knowledge.knows(peak)).isEqualTo(any);
      for (long bin = 2 * Bin.firstChunk(peak); bin <= 2 * Bin.lastChunk(peak); bin++) {
        if (bin == peak) {
          continue;
        }
        long parent = Bin.parent(bin);
        boolean expected = false;
        for (long c = Bin.firstChunk(parent); c <= Bin.lastChunk(parent); c++) {
          expected |= announced[(int) c];
        }
        assertThat(knowledge.knows(bin)).as("bin %s", Bin.toString(bin)).isEqualTo(expected);
      }
    }
  }

  /** The proof for {@code chunk} as a sender builds it; the hash values do not matter here. */
  private List<BinHash> proof(long chunk) {
    return Arrays.stream(receiver.binsToSend(chunk)).mapToObj(bin -> new BinHash(bin, Hash.of(new byte[20]))).toList();
  }

  private static String[] names(long[] bins) {
    return Arrays.stream(bins).mapToObj(Bin::toString).toArray(String[]::new);
  }
}
