package dev.eddy.peer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

class ChunkStoreTest {
  private static final int CHUNK = 1024;

  @TempDir Path tmp;
  private final byte[] content = random(7 * CHUNK + 123);

  @Test
  void preallocatesThenWritesChunksInAnyOrderAndFinishesAtTheExactLength() throws IOException {
    Path target = tmp.resolve("download.bin");
    ChunkStore store = ChunkStore.create(target, CHUNK, 8);
    assertThat(Files.size(store.partialFile())).isEqualTo(8 * CHUNK);
    assertThat(store.partialFile().getFileName().toString()).isEqualTo("download.bin.part");

    for (long chunk : new long[] {7, 2, 0, 5, 1, 6, 4}) {
      store.write(chunk, chunk(chunk));
    }
    assertThat(store.isComplete()).isFalse();
    assertThat(store.heldCount()).isEqualTo(7);
    assertThat(store.nextMissing(0)).isEqualTo(3);
    assertThat(store.nextHeld(3)).isEqualTo(4);
    assertThat(Files.exists(target)).isFalse();
    store.write(3, chunk(3));

    assertThat(store.isComplete()).isTrue();
    assertThat(store.nextMissing(0)).isEqualTo(-1);
    assertThat(store.contentLength()).isEqualTo(content.length);
    assertThat(store.finish()).isEqualTo(target.toAbsolutePath());
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    assertThat(Files.exists(store.partialFile())).isFalse();
  }

  @Test
  void servesHeldChunksOnlyAndLeavesTheCallersBufferPosition() throws IOException {
    try (ChunkStore store = ChunkStore.create(tmp.resolve("out"), CHUNK, 8)) {
      ByteBuffer data = chunk(7);
      int position = data.position();
      store.write(7, data);
      assertThat(data.position()).isEqualTo(position);

      ByteBuffer read = ByteBuffer.allocateDirect(CHUNK);
      assertThat(store.readChunk(7, read)).isEqualTo(123);
      assertThat(read.flip()).isEqualTo(chunk(7));
      assertThat(store.has(6)).isFalse();
      assertThatThrownBy(() -> store.readChunk(6, ByteBuffer.allocate(CHUNK)))
          .hasMessageContaining("chunk 6 is not held");
    }
  }

  @Test
  void rejectsWrongLengthsAndChunksPastTheEnd() throws IOException {
    try (ChunkStore store = ChunkStore.create(tmp.resolve("out"), CHUNK, 8)) {
      assertThatThrownBy(() -> store.write(8, chunk(0))).hasMessageContaining("chunk 8 outside [0, 8)");
      assertThatThrownBy(() -> store.write(0, ByteBuffer.allocate(CHUNK - 1)))
          .hasMessageContaining("has 1023 bytes, expected 1024");
      assertThatThrownBy(() -> store.write(7, ByteBuffer.allocate(CHUNK + 1)))
          .hasMessageContaining("expected 1..1024");
      assertThat(store.heldCount()).isZero();
    }
  }

  @Test
  void finishingEarlyIsRefusedAndLeavesNothingAtTheTarget() throws IOException {
    Path target = tmp.resolve("out");
    try (ChunkStore store = ChunkStore.create(target, CHUNK, 8)) {
      store.write(0, chunk(0));

      assertThatThrownBy(store::finish).hasMessageContaining("7 of 8 chunks still missing");
      assertThat(Files.exists(target)).isFalse();
    }
  }

  @Test
  void abandonDeletesThePartialFile() throws IOException {
    ChunkStore store = ChunkStore.create(tmp.resolve("out"), CHUNK, 8);
    store.write(1, chunk(1));

    store.abandon();

    assertThat(Files.exists(store.partialFile())).isFalse();
  }

  @Test
  void moreThanTheDiskHoldsIsDiskFullBeforeAnyWrite() {
    long chunks = 1L << 40; // 1 PiB at 1 KiB chunks

    assertThatThrownBy(() -> ChunkStore.create(tmp.resolve("huge"), CHUNK, chunks))
        .isInstanceOf(DiskFullException.class)
        .hasMessageStartingWith("disk full: 1125899906842624 bytes needed");
    assertThat(Files.exists(tmp.resolve("huge.part"))).isFalse();
  }

  @Test
  void aMissingDirectoryIsNamed() {
    assertThatThrownBy(() -> ChunkStore.create(tmp.resolve("no/such/dir/out"), CHUNK, 8))
        .isInstanceOf(java.nio.file.NoSuchFileException.class)
        .hasMessageContaining(tmp.resolve("no/such/dir").toString())
        .hasMessageContaining("no such directory");
  }

  @Test
  void noSpaceWhileWritingSurfacesAsDiskFull() throws IOException {
    // /dev/full fails every write with ENOSPC, exactly what a full disk returns.
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "/dev/full is available");
    FileChannel channel = FileChannel.open(full, StandardOpenOption.WRITE, StandardOpenOption.READ);
    try (ChunkStore store = new ChunkStore(tmp.resolve("out"), full, channel, CHUNK, 8, ChunkStore.WRITEBACK_BYTES)) {
      store.write(0, chunk(0));
      store.write(1, chunk(1));

      assertThatThrownBy(() -> store.write(5, chunk(5))) // not next to the buffered run: the run is written
          .isInstanceOf(DiskFullException.class)
          .hasMessage("disk full: writing chunks 0..1 to /dev/full: No space left on device");
      assertThat(store.has(0)).as("lost with the buffer").isFalse();
      assertThat(store.heldCount()).isZero();
    }
  }

  @Test
  void consecutiveChunksAreBufferedYetReadableAndReachThePartialFileOnFlushAndClose() throws IOException {
    Path target = tmp.resolve("out");
    ChunkStore store = ChunkStore.create(target, CHUNK, 8);
    store.write(2, chunk(2));
    store.write(3, chunk(3));
    assertThat(onDisk(store, 2)).isNotEqualTo(bytes(chunk(2))); // still buffered

    ByteBuffer read = ByteBuffer.allocate(CHUNK);
    store.readChunk(3, read);
    assertThat(read.array()).isEqualTo(bytes(chunk(3)));
    assertThat(onDisk(store, 2)).isEqualTo(bytes(chunk(2)));

    store.write(4, chunk(4));
    store.flush();
    assertThat(onDisk(store, 4)).isEqualTo(bytes(chunk(4)));

    store.write(5, chunk(5));
    store.close();
    byte[] partial = Files.readAllBytes(store.partialFile());
    assertThat(Arrays.copyOfRange(partial, 5 * CHUNK, 6 * CHUNK)).isEqualTo(bytes(chunk(5)));
  }

  @Test
  void chunksAsLargeAsTheWriteBehindBufferAreBufferedOneAtATime() throws IOException {
    int chunkSize = ChunkStore.WRITE_BEHIND_BYTES * 2;
    byte[] big = random(3 * chunkSize);
    Path target = tmp.resolve("big");
    ChunkStore store = ChunkStore.create(target, chunkSize, 3);
    for (int chunk = 0; chunk < 3; chunk++) {
      store.write(chunk, ByteBuffer.wrap(big, chunk * chunkSize, chunkSize));
    }

    store.finish();

    assertThat(Files.readAllBytes(target)).isEqualTo(big);
  }

  @Test
  void writtenChunksAreForcedToTheDeviceInTheBackgroundAndTheDownloadStillFinishesIntact() throws Exception {
    int chunks = 4096;
    byte[] bigContent = random(chunks * CHUNK);
    Path target = tmp.resolve("forced");
    ChunkStore store = ChunkStore.create(target, CHUNK, chunks, 64 << 10);
    for (int chunk = 0; chunk < chunks; chunk++) {
      store.write(chunk, ByteBuffer.wrap(bigContent, chunk * CHUNK, CHUNK));
    }
    store.flush();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (store.writebacksDone() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    assertThat(store.writebacksDone()).as("background forces").isPositive();
    store.finish(); // while another background force may still run on the same file
    assertThat(Files.readAllBytes(target)).isEqualTo(bigContent);
  }

  private static byte[] onDisk(ChunkStore store, long chunk) throws IOException {
    byte[] file = Files.readAllBytes(store.partialFile());
    return Arrays.copyOfRange(file, (int) chunk * CHUNK, (int) (chunk + 1) * CHUNK);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  @Test
  void emptyContentFinishesAsAnEmptyFile() throws IOException {
    Path target = tmp.resolve("empty");
    ChunkStore store = ChunkStore.create(target, CHUNK, 0);

    assertThat(store.isComplete()).isTrue();
    store.finish();

    assertThat(Files.size(target)).isZero();
  }

  private ByteBuffer chunk(long chunk) {
    int from = (int) chunk * CHUNK;
    return ByteBuffer.wrap(content, from, Math.min(CHUNK, content.length - from)).slice();
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
