package dev.eddy.peer.swarm;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads chunks straight from the content file (positional reads; the file is never loaded whole). */
public final class FileChunkSource implements ContentSource {
  private final FileChannel file;
  private final long length;
  private final int chunkSize;
  private final long corruptChunk;

  /**
   * @param corruptChunk fault injection for tests and the reliability lab: this chunk is served with one
   *     byte flipped (-1: none)
   */
  public FileChunkSource(Path path, int chunkSize, long corruptChunk) throws IOException {
    this.file = FileChannel.open(path, StandardOpenOption.READ);
    this.length = file.size();
    this.chunkSize = chunkSize;
    this.corruptChunk = corruptChunk;
  }

  @Override
  public void read(long chunk, ByteBuf out) throws IOException {
    long offset = chunk * chunkSize;
    int size = (int) Math.min(chunkSize, length - offset);
    int start = out.writerIndex();
    while (out.writerIndex() - start < size) {
      int n = out.writeBytes(file, offset + (out.writerIndex() - start), size - (out.writerIndex() - start));
      if (n < 0) {
        throw new IOException("content file shrank while seeding (chunk " + chunk + ")");
      }
    }
    if (chunk == corruptChunk) {
      out.setByte(start, out.getByte(start) ^ 0x5a);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
