package dev.eddy.peer.storage;

import dev.eddy.peer.merkle.ContentLayout;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A seeder's content: an existing file served chunk by chunk, read on demand and never loaded whole. */
public final class ContentFile implements ChunkSource, Closeable {
  private final Path path;
  private final FileChannel channel;
  private final ContentLayout layout;

  private ContentFile(Path path, FileChannel channel, ContentLayout layout) {
    this.path = path;
    this.channel = channel;
    this.layout = layout;
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
  public int readChunk(long chunk, ByteBuffer target) throws IOException {
    int length = layout.length(chunk);
    FileIo.readFully(channel, layout.offset(chunk), target, length);
    return length;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
