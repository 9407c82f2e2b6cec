package dev.eddy.peer.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LongBitSetTest {
  @Test
  void rejectsOutOfRangeIndexes() {
    LongBitSet bits = new LongBitSet(10);

    assertThatThrownBy(() -> bits.get(10)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> bits.set(3, 11)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(bits.nextClearBit(10)).isEqualTo(10);
  }

  @Property(tries = 300)
  void behavesLikeBitSet(
      @ForAll @IntRange(min = 1, max = 500) int size,
      @ForAll @IntRange(min = 0, max = 499) int from,
      @ForAll @IntRange(min = 0, max = 200) int length,
      @ForAll @IntRange(min = 0, max = 499) int single,
      @ForAll @IntRange(min = 0, max = 499) int cleared) {
    int start = Math.min(from, size);
    int end = Math.min(size, start + length);
    LongBitSet bits = new LongBitSet(size);
    BitSet expected = new BitSet(size);

    bits.set(start, end);
    expected.set(start, end);
    if (single < size) {
      bits.set(single);
      expected.set(single);
    }
    if (cleared < size) {
      assertThat(bits.clear(cleared)).isEqualTo(expected.get(cleared));
      expected.clear(cleared);
    }

    assertThat(bits.cardinality()).isEqualTo(expected.cardinality());
    for (int i = 0; i < size; i++) {
      assertThat(bits.get(i)).isEqualTo(expected.get(i));
      assertThat(bits.nextClearBit(i)).isEqualTo(Math.min(size, expected.nextClearBit(i)));
      assertThat(bits.nextSetBit(i)).isEqualTo(expected.nextSetBit(i));
    }
  }
}
