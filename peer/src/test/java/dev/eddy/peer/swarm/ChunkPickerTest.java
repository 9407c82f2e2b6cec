package dev.eddy.peer.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkPickerTest {
  private static BitSet bits(int from, int to) {
    BitSet b = new BitSet();
    b.set(from, to);
    return b;
  }

  private static List<String> pick(ChunkPicker p, BitSet remote, int max) {
    return pick(p, remote, new BitSet(), max);
  }

  private static List<String> pick(ChunkPicker p, BitSet remote, BitSet requestedHere, int max) {
    List<String> runs = new ArrayList<>();
    p.pick(remote, requestedHere, max, (a, b) -> {
      runs.add(a + ".." + b);
      requestedHere.set((int) a, (int) b + 1);
    });
    return runs;
  }

  private static ChunkPicker sequential(int count, BitSet held) {
    return new ChunkPicker(count, held, new Availability(count), PickOrder.SEQUENTIAL, new Random(1));
  }

  @Test
  void picksInOrderAsRunsAndNeverTwice() {
    ChunkPicker p = sequential(100, new BitSet());
    assertThat(pick(p, bits(0, 100), 10)).containsExactly("0..9");
    assertThat(pick(p, bits(0, 100), 5)).containsExactly("10..14");
  }

  @Test
  void splitsTheContentBetweenPeers() {
    ChunkPicker p = sequential(10, new BitSet());
    BitSet all = bits(0, 10);
    assertThat(pick(p, all, 4)).containsExactly("0..3");
    assertThat(pick(p, all, 4)).containsExactly("4..7");
    assertThat(pick(p, all, 4)).containsExactly("8..9");
  }

  @Test
  void skipsHeldChunksAndWhatTheRemoteLacks() {
    BitSet held = bits(2, 4);
    ChunkPicker p = sequential(10, held);
    BitSet remote = bits(0, 10);
    remote.clear(6);
    assertThat(pick(p, remote, 20)).containsExactly("0..1", "4..5", "7..9");
  }

  @Test
  void inOrderPickingContinuesFromTheReadPositionThenWrapsToTheFirstMissing() {
    BitSet held = bits(0, 2);
    ChunkPicker p = sequential(20, held);
    BitSet all = bits(0, 20);
    assertThat(pick(p, all, 3)).containsExactly("2..4");
    p.moveTo(15);
    assertThat(pick(p, all, 3)).containsExactly("15..17");
    assertThat(pick(p, all, 6)).containsExactly("18..19", "5..8");
    p.moveTo(3); // behind what is held or requested: the first free chunk after it
    assertThat(pick(p, all, 2)).containsExactly("9..10");
    p.moveTo(1_000); // past the end: clamped, so the rest comes from the first missing chunk
    assertThat(pick(p, all, 20)).containsExactly("11..14");
  }

  @Test
  void releasedChunksArePickedAgainButVerifiedOnesNot() {
    BitSet held = new BitSet();
    ChunkPicker p = sequential(4, held);
    pick(p, bits(0, 4), 4);
    held.set(0);
    p.onVerified(0);
    p.release(0);
    p.release(2);
    assertThat(pick(p, bits(0, 4), 4)).containsExactly("2..2");
  }

  @Test
  void rarestFirstTakesTheChunksFewestPeersHave() {
    Availability availability = new Availability(100);
    availability.addAll(bits(0, 100)); // one peer has everything
    availability.addAll(bits(0, 100)); // a second one too
    availability.addAll(bits(0, 90)); // a third lacks 90..99
    ChunkPicker p = new ChunkPicker(100, new BitSet(), availability, PickOrder.RAREST_FIRST, new Random(3));
    assertThat(pick(p, bits(0, 100), 10)).containsExactly("90..99");
  }

  @Test
  void rarestFirstNeverPicksAChunkTwiceOutsideEndgameAndCoversEverything() {
    Availability availability = new Availability(1000);
    availability.addAll(bits(0, 1000));
    ChunkPicker p = new ChunkPicker(1000, new BitSet(), availability, PickOrder.RAREST_FIRST, new Random(5));
    BitSet seen = new BitSet();
    int picked = 0;
    for (int round = 0; round < 10; round++) {
      for (String run : pick(p, bits(0, 1000), 100)) {
        String[] ends = run.split("\\.\\.");
        for (int c = Integer.parseInt(ends[0]); c <= Integer.parseInt(ends[1]); c++) {
          assertThat(seen.get(c)).as("chunk %d picked twice", c).isFalse();
          seen.set(c);
          picked++;
        }
      }
    }
    assertThat(picked).isEqualTo(1000);
    assertThat(seen.cardinality()).isEqualTo(1000);
  }

  @Test
  void twoDownloadersStartAtDifferentPlaces() {
    Availability availability = new Availability(10_000);
    availability.addAll(bits(0, 10_000));
    ChunkPicker a = new ChunkPicker(10_000, new BitSet(), availability, PickOrder.RAREST_FIRST, new Random(1));
    ChunkPicker b = new ChunkPicker(10_000, new BitSet(), availability, PickOrder.RAREST_FIRST, new Random(2));
    assertThat(pick(a, bits(0, 10_000), 50)).isNotEqualTo(pick(b, bits(0, 10_000), 50));
  }

  @Test
  void endgameAsksAnotherPeerForChunksRequestedElsewhereButNeverTheSamePeerTwice() {
    ChunkPicker p = sequential(6, bits(0, 3));
    BitSet slowPeer = new BitSet();
    assertThat(pick(p, bits(0, 6), slowPeer, 10)).containsExactly("3..5");
    // Every missing chunk is requested: another peer may now be asked for them too.
    BitSet fastPeer = new BitSet();
    assertThat(pick(p, bits(0, 6), fastPeer, 10)).containsExactly("3..5");
    assertThat(pick(p, bits(0, 6), slowPeer, 10)).as("the slow peer has them all requested already").isEmpty();
  }

  @Test
  void noEndgameWhileManyChunksAreMissing() {
    int count = ChunkPicker.ENDGAME_CHUNKS + 1;
    ChunkPicker p = sequential(count, new BitSet());
    assertThat(pick(p, bits(0, count), new BitSet(), count)).containsExactly("0.." + (count - 1));
    assertThat(pick(p, bits(0, count), new BitSet(), count)).isEmpty();
  }

  @Test
  void noEndgameWhileChunksAreStillFree() {
    ChunkPicker p = sequential(6, new BitSet());
    BitSet first = new BitSet();
    assertThat(pick(p, bits(0, 3), first, 10)).containsExactly("0..2");
    BitSet second = new BitSet();
    assertThat(pick(p, bits(0, 3), second, 10)).as("3..5 are free, though this peer lacks them").isEmpty();
  }
}
