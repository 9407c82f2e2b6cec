package dev.eddy.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentFileTest {
  @TempDir Path tmp;

  @Test
  void servesEveryChunkIntoADirectBufferTheLastAtItsRealLength() throws IOException {
    byte[] content = random(10 * 1024 + 300);
    Path file = Files.write(tmp.resolve("content"), content);

    try (ContentFile source = ContentFile.open(file, 1024)) {
      assertThat(source.chunkCount()).isEqualTo(11);
      ByteBuffer buffer = ByteBuffer.allocateDirect(1024);
      for (long chunk = 0; chunk < 11; chunk++) {
        buffer.clear();
        int length = source.readChunk(chunk, buffer);
        byte[] read = new byte[length];
        buffer.flip().get(read);
        int from = (int) chunk * 1024;
        assertThat(read).isEqualTo(Arrays.copyOfRange(content, from, Math.min(content.length, from + 1024)));
      }
      assertThat(source.has(10)).isTrue();
      assertThat(source.has(11)).isFalse();
    }
  }

  @Test
  void servesTheRightBytesWhetherReadInOrderAheadOrScattered() throws IOException {
    int chunks = 3 * ContentFile.READ_AHEAD_BYTES / 1024 + 7; // several read-ahead blocks and a short last one
    byte[] content = random(chunks * 1024 - 100);
    Path file = Files.write(tmp.resolve("content"), content);
    long[] order = new long[2 * chunks];
    for (int i = 0; i < chunks; i++) {
      order[i] = i; // in order: served from read-ahead blocks
      order[chunks + i] = (i * 37L) % chunks; // scattered, some inside the last block read
    }

    try (ContentFile source = ContentFile.open(file, 1024)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(1024);
      for (long chunk : order) {
        buffer.clear();
        int length = source.readChunk(chunk, buffer);
        byte[] read = new byte[length];
        buffer.flip().get(read);
        int from = (int) chunk * 1024;
        assertThat(read).as("chunk %d", chunk).isEqualTo(Arrays.copyOfRange(content, from, Math.min(content.length, from + 1024)));
      }
    }
  }

  @Test
  void readsAtTheBufferPositionAndAdvancesIt() throws IOException {
    Path file = Files.write(tmp.resolve("content"), random(2048));
    try (ContentFile source = ContentFile.open(file, 1024)) {
      ByteBuffer buffer = ByteBuffer.allocate(1100).position(76);

      source.readChunk(1, buffer);

      assertThat(buffer.position()).isEqualTo(1100);
    }
  }

  @Test
  void refusesABufferTooSmallAndAChunkPastTheEnd() throws IOException {
    Path file = Files.write(tmp.resolve("content"), random(2048));
    try (ContentFile source = ContentFile.open(file, 1024)) {
      assertThatThrownBy(() -> source.readChunk(0, ByteBuffer.allocate(1000)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("room for 1000");
      assertThatThrownBy(() -> source.readChunk(2, ByteBuffer.allocate(1024)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("chunk 2 outside");
    }
  }

  @Test
  void aFileTruncatedWhileServedIsAnErrorNotShortData() throws IOException {
    Path file = Files.write(tmp.resolve("content"), random(4096));
    try (ContentFile source = ContentFile.open(file, 1024)) {
      try (FileChannel shrink = FileChannel.open(file, StandardOpenOption.WRITE)) {
        shrink.truncate(3000);
      }

      assertThatThrownBy(() -> source.readChunk(3, ByteBuffer.allocate(1024)))
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("truncated");
    }
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
