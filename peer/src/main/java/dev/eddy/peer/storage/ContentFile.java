package dev.eddy.peer.storage;

import dev.eddy.peer.merkle.ContentLayout;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A seeder's content: an existing file served chunk by chunk, read on demand and never loaded whole.
 *
 * <p>A downloader asks for chunks in order, so a read that continues the previous one fetches the next
 * {@link #READ_AHEAD_BYTES} in one system call and serves the following chunks from memory (at 1 KiB chunks a
 * {@code pread} per chunk cost a tenth of the sending thread). Reads out of order go straight to the file,
 * so peers asking for scattered chunks cause no extra reading.
 */
public final class ContentFile implements ChunkSource, Closeable {
  /** How much a sequential read fetches ahead (rounded down to whole chunks, at least one). */
  public static final int READ_AHEAD_BYTES = 128 << 10;

  private final Path path;
  private final FileChannel channel;
  private final ContentLayout layout;
  /** File bytes from {@code readAheadStart}, between position 0 and the limit. */
  private final ByteBuffer readAhead;
  private long readAheadStart = -1;
  private long nextSequentialChunk = -1;

  private ContentFile(Path path, FileChannel channel, ContentLayout layout) {
    this.path = path;
    this.channel = channel;
    this.layout = layout;
    this.readAhead = ByteBuffer.allocateDirect(Math.max(1, READ_AHEAD_BYTES / layout.chunkSize()) * layout.chunkSize());
  }

  /** Opens {@code file} for reading; its current size is the content length. */
  public static ContentFile open(Path file, int chunkSize) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new ContentFile(file, channel, new ContentLayout(channel.size(), chunkSize));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public Path path() {
    return path;
  }

  public ContentLayout layout() {
    return layout;
  }

  @Override
  public int chunkSize() {
    return layout.chunkSize();
  }

  @Override
  public long chunkCount() {
    return layout.chunkCount();
  }

  @Override
  public boolean has(long chunk) {
    return chunk >= 0 && chunk < layout.chunkCount();
  }

  @Override
  public synchronized int readChunk(long chunk, ByteBuffer target) throws IOException {
    int length = layout.length(chunk);
    long offset = layout.offset(chunk);
    boolean sequential = chunk == nextSequentialChunk;
    nextSequentialChunk = chunk + 1;
    if (!buffered(offset, length)) {
      if (!sequential) {
        FileIo.readFully(channel, offset, target, length);
        return length;
      }
      fillReadAhead(offset);
    }
    FileIo.requireRoom(target, length);
    int from = (int) (offset - readAheadStart);
    target.put(readAhead.duplicate().limit(from + length).position(from));
    return length;
  }

  private boolean buffered(long offset, int length) {
    return readAheadStart >= 0 && offset >= readAheadStart && offset + length <= readAheadStart + readAhead.limit();
  }

  private void fillReadAhead(long offset) throws IOException {
    int length = (int) Math.min(readAhead.capacity(), layout.contentLength() - offset);
    readAheadStart = -1; // invalid until the read succeeds
    readAhead.clear();
    FileIo.readFully(channel, offset, readAhead, length);
    readAhead.flip();
    readAheadStart = offset;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
