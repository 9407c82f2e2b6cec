package dev.eddy.peer.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPickerTest {
  private static BitSet bits(int from, int to) {
    BitSet b = new BitSet();
    b.set(from, to);
    return b;
  }

  private static List<String> pick(ChunkPicker p, BitSet remote, int max) {
    List<String> runs = new ArrayList<>();
    p.pick(remote, max, (a, b) -> runs.add(a + ".." + b));
    return runs;
  }

  @Test
  void picksInOrderAsRunsAndNeverTwice() {
    ChunkPicker p = new ChunkPicker(100, new BitSet());
    assertThat(pick(p, bits(0, 100), 10)).containsExactly("0..9");
    assertThat(pick(p, bits(0, 100), 5)).containsExactly("10..14");
  }

  @Test
  void splitsTheContentBetweenPeers() {
    ChunkPicker p = new ChunkPicker(10, new BitSet());
    BitSet all = bits(0, 10);
    assertThat(pick(p, all, 4)).containsExactly("0..3");
    assertThat(pick(p, all, 4)).containsExactly("4..7");
    assertThat(pick(p, all, 4)).containsExactly("8..9");
    assertThat(pick(p, all, 4)).isEmpty();
  }

  @Test
  void skipsHeldChunksAndWhatTheRemoteLacks() {
    BitSet held = bits(2, 4);
    ChunkPicker p = new ChunkPicker(10, held);
    BitSet remote = bits(0, 10);
    remote.clear(6);
    assertThat(pick(p, remote, 20)).containsExactly("0..1", "4..5", "7..9");
  }

  @Test
  void releasedChunksArePickedAgainButVerifiedOnesNot() {
    BitSet held = new BitSet();
    ChunkPicker p = new ChunkPicker(4, held);
    pick(p, bits(0, 4), 4);
    held.set(0);
    p.onVerified(0);
    p.release(0);
    p.release(2);
    assertThat(pick(p, bits(0, 4), 4)).containsExactly("2..2");
  }
}
