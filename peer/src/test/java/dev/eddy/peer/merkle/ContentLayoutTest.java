package dev.eddy.peer.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentLayoutTest {
  @Test
  void lastChunkKeepsItsRealLength() {
    ContentLayout layout = new ContentLayout(26_121, 1024);

    assertThat(layout.chunkCount()).isEqualTo(26);
    assertThat(layout.length(0)).isEqualTo(1024);
    assertThat(layout.length(25)).isEqualTo(26_121 - 25 * 1024);
    assertThat(layout.offset(25)).isEqualTo(25 * 1024);
    assertThat(new ContentLayout(0, 1024).chunkCount()).isZero();
    assertThat(new ContentLayout(4L << 30, 1024).chunkCount()).isEqualTo(4L << 20);
  }

  @Test
  void rejectsBadSizesAndChunks() {
    assertThatThrownBy(() -> new ContentLayout(10, 0)).hasMessageContaining("chunk size 0");
    assertThatThrownBy(() -> new ContentLayout(-1, 10)).hasMessageContaining("negative");
    assertThatThrownBy(() -> new ContentLayout(10, 4).length(3)).hasMessageContaining("chunk 3 outside [0, 3)");
  }
}
