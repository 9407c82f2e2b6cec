package dev.eddy.peer.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BinTest {
  @Test
  void numbersChunksAndLayersAsRfc7574Figure() {
    // RFC 7574 §4.2: bins 0,2,4,6 are chunks 0..3; 1 and 5 cover two chunks; 3 covers four; 7 covers eight.
    assertThat(Bin.ofChunk(3)).isEqualTo(6);
    assertThat(Bin.layer(5)).isEqualTo(1);
    assertThat(Bin.firstChunk(5)).isEqualTo(2);
    assertThat(Bin.lastChunk(5)).isEqualTo(3);
    assertThat(Bin.layer(7)).isEqualTo(3);
    assertThat(Bin.lastChunk(7)).isEqualTo(7);
    assertThat(Bin.parent(0)).isEqualTo(1);
    assertThat(Bin.parent(5)).isEqualTo(3);
    assertThat(Bin.sibling(1)).isEqualTo(5);
    assertThat(Bin.leftChild(3)).isEqualTo(1);
    assertThat(Bin.rightChild(3)).isEqualTo(5);
    assertThat(Bin.toString(3)).isEqualTo("[0..3]");
    assertThat(Bin.toString(4)).isEqualTo("[2]");
  }

  @Test
  void peaksOfTheLibswiftCaptureAndM74() {
    assertThat(Bin.peaks(100)).containsExactly(Bin.of(6, 0), Bin.of(5, 2), Bin.of(2, 24));
    assertThat(Bin.peaks(26)).containsExactly(Bin.of(4, 0), Bin.of(3, 2), Bin.of(1, 12));
    assertThat(Bin.peaks(0)).isEmpty();
    assertThat(Bin.root(100)).isEqualTo(Bin.of(7, 0));
    assertThat(Bin.root(1)).isEqualTo(0);
    assertThat(Bin.root(64)).isEqualTo(Bin.of(6, 0));
  }

  @Test
  void decomposesAnUnalignedRangeIntoTheFewestBins() {
    // 3..12: [3], [4..7], [8..11], [12]
    assertThat(Bin.decompose(3, 12))
        .containsExactly(Bin.ofChunk(3), Bin.of(2, 1), Bin.of(2, 2), Bin.ofChunk(12));
    assertThat(Bin.ofChunkRange(3, 12)).isEqualTo(Bin.NONE);
    assertThat(Bin.ofChunkRange(8, 11)).isEqualTo(Bin.of(2, 2));
  }

  @Test
  void rejectsInvalidInputWithAReason() {
    assertThatThrownBy(() -> Bin.decompose(5, 4)).hasMessageContaining("start 5 > end 4");
    assertThatThrownBy(() -> Bin.layer(-1)).hasMessageContaining("not a valid bin");
    assertThatThrownBy(() -> Bin.layer(Long.MAX_VALUE)).hasMessageContaining("not a valid bin");
    assertThatThrownBy(() -> Bin.leftChild(4)).hasMessageContaining("no children");
    assertThatThrownBy(() -> Bin.parent(Bin.of(Bin.MAX_LAYER, 0))).hasMessageContaining("no parent");
    assertThatThrownBy(() -> Bin.ofChunk(Bin.MAX_CHUNK + 1)).hasMessageContaining("outside");
    assertThat(Bin.isValid(Long.MAX_VALUE)).isFalse();
    assertThat(Bin.isValid(Bin.ofChunk(Bin.MAX_CHUNK))).isTrue();
  }

  @Property
  void layerAndOffsetRoundTrip(@ForAll("bins") long bin) {
    assertThat(Bin.of(Bin.layer(bin), Bin.offset(bin))).isEqualTo(bin);
    assertThat(Bin.lastChunk(bin) - Bin.firstChunk(bin) + 1).isEqualTo(Bin.chunkCount(bin));
    assertThat(Bin.ofChunkRange(Bin.firstChunk(bin), Bin.lastChunk(bin))).isEqualTo(bin);
    // In-order numbering: the bin is the midpoint of its subtree's bins 2*first .. 2*last.
    assertThat(2 * Bin.firstChunk(bin) + 2 * Bin.lastChunk(bin)).isEqualTo(2 * bin);
  }

  @Property
  void parentSiblingAndChildrenAgree(@ForAll("bins") long bin) {
    if (Bin.layer(bin) == Bin.MAX_LAYER) {
      return;
    }
    long parent = Bin.parent(bin);
    long sibling = Bin.sibling(bin);
    assertThat(Bin.layer(parent)).isEqualTo(Bin.layer(bin) + 1);
    assertThat(Bin.sibling(sibling)).isEqualTo(bin);
    assertThat(Bin.parent(sibling)).isEqualTo(parent);
    assertThat(Bin.contains(parent, bin)).isTrue();
    assertThat(Bin.contains(bin, parent)).isFalse();
    assertThat(Bin.contains(bin, sibling)).isFalse();
    if (Bin.isLeft(bin)) {
      assertThat(Bin.leftChild(parent)).isEqualTo(bin);
      assertThat(Bin.rightChild(parent)).isEqualTo(sibling);
      assertThat(Bin.lastChunk(bin) + 1).isEqualTo(Bin.firstChunk(sibling));
    } else {
      assertThat(Bin.rightChild(parent)).isEqualTo(bin);
      assertThat(Bin.firstChunk(parent)).isEqualTo(Bin.firstChunk(sibling));
    }
    assertThat(Bin.containsChunk(bin, Bin.firstChunk(bin))).isTrue();
    assertThat(Bin.containsChunk(bin, Bin.lastChunk(bin))).isTrue();
    assertThat(Bin.containsChunk(bin, Bin.firstChunk(sibling))).isFalse();
  }

  @Property
  void decompositionTilesTheRangeWithMaximalBins(
      @ForAll @LongRange(min = 0, max = 1L << 40) long first,
      @ForAll @LongRange(min = 0, max = 1L << 40) long length) {
    long last = first + length;
    long[] bins = Bin.decompose(first, last);

    long next = first;
    for (long bin : bins) {
      assertThat(Bin.firstChunk(bin)).isEqualTo(next);
      next = Bin.lastChunk(bin) + 1;
      // Maximal: the parent sticks out of the range, so no two bins could be merged into one.
      long parent = Bin.parent(bin);
      assertThat(Bin.firstChunk(parent) < first || Bin.lastChunk(parent) > last).isTrue();
    }
    assertThat(next).isEqualTo(last + 1);
    assertThat(bins.length).isLessThanOrEqualTo(2 * 41);
    assertThat(Bin.ofChunkRange(first, last) != Bin.NONE).isEqualTo(bins.length == 1);
  }

  @Property
  void peaksShrinkAndTheRootCoversThemAll(@ForAll @LongRange(min = 1, max = 1L << 50) long chunkCount) {
    long[] peaks = Bin.peaks(chunkCount);
    assertThat(peaks).hasSize(Long.bitCount(chunkCount));
    long root = Bin.root(chunkCount);
    assertThat(Bin.chunkCount(root)).isGreaterThanOrEqualTo(chunkCount);
    assertThat(Bin.chunkCount(root) / 2).isLessThan(chunkCount);
    for (int i = 0; i < peaks.length; i++) {
      assertThat(Bin.contains(root, peaks[i])).isTrue();
      if (i > 0) {
        assertThat(Bin.layer(peaks[i])).isLessThan(Bin.layer(peaks[i - 1]));
      }
    }
    assertThat(Bin.lastChunk(peaks[peaks.length - 1])).isEqualTo(chunkCount - 1);
  }

  @Property
  void unalignedRangesAreNotOneBin(
      @ForAll @IntRange(min = 1, max = 40) int layer, @ForAll @LongRange(min = 0, max = 1 << 20) long offset) {
    long bin = Bin.of(layer, offset);
    assertThat(Bin.ofChunkRange(Bin.firstChunk(bin) + 1, Bin.lastChunk(bin) + 1)).isEqualTo(Bin.NONE);
  }

  @Provide
  Arbitrary<Long> bins() {
    return Arbitraries.integers()
        .between(0, Bin.MAX_LAYER)
        .flatMap(layer -> Arbitraries.longs().between(0, Bin.MAX_CHUNK >>> layer).map(o -> Bin.of(layer, o)));
  }
}
