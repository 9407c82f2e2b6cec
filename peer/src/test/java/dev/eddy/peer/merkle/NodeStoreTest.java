package dev.eddy.peer.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NodeStoreTest {
  @Test
  void mappedSlotsKeepTheirBytesAcrossSegmentBoundaries() {
    // 7 slots per mapping instead of 2^30 / width, so 100 slots span 15 mappings.
    NodeStore store = NodeStore.Mapped.create(100, 20, 7);
    byte[] slot = new byte[20];
    for (int i = 0; i < 100; i += 3) {
      Arrays.fill(slot, (byte) i);
      store.write(i, slot, 0);
    }

    byte[] read = new byte[25];
    for (int i = 0; i < 100; i++) {
      store.read(i, read, 5);
      byte expected = (byte) (i % 3 == 0 ? i : 0);
      assertThat(Arrays.copyOfRange(read, 5, 25)).as("slot %d", i).containsOnly(expected);
    }
  }

  @Test
  void aRunOfSlotsReadsAsOneAcrossSegmentBoundariesAndOnTheHeap() {
    for (NodeStore store : new NodeStore[] {NodeStore.Mapped.create(100, 20, 7), new NodeStore.Heap(100, 20)}) {
      byte[] slot = new byte[20];
      for (int i = 0; i < 100; i++) {
        Arrays.fill(slot, (byte) i);
        store.write(i, slot, 0);
      }

      byte[] run = new byte[3 + 30 * 20];
      store.read(5, 30, run, 3); // slots 5..34: across four mapping boundaries (7, 14, 21, 28)
      for (int i = 0; i < 30; i++) {
        assertThat(Arrays.copyOfRange(run, 3 + i * 20, 3 + (i + 1) * 20)).as("%s slot %d", store.getClass().getSimpleName(), 5 + i)
            .containsOnly((byte) (5 + i));
      }
      assertThat(Arrays.copyOfRange(run, 0, 3)).containsOnly((byte) 0);
    }
  }

  @Test
  void smallStoresLiveOnTheHeapLargeOnesAreMapped() {
    assertThat(NodeStore.allocate(1000, 20)).isInstanceOf(NodeStore.Heap.class);
    assertThat(NodeStore.allocate(NodeStore.HEAP_LIMIT_BYTES / 20 + 1, 20)).isInstanceOf(NodeStore.Mapped.class);
  }
}
