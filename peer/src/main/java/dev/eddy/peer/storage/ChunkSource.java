package dev.eddy.peer.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Chunks a peer can serve: a complete content file when seeding, or the verified chunks of a download in
 * progress. Reads are positional, straight from the file into the caller's buffer (a direct buffer, e.g. a
 * Netty {@code ByteBuf.nioBuffer}, makes it one copy from the page cache), so nothing is held in memory.
 */
public interface ChunkSource {
  int chunkSize();

  long chunkCount();

  /** True if {@code chunk} can be read now. */
  boolean has(long chunk);

  /**
   * Reads the whole chunk into {@code target} at its position, advancing it; returns the chunk's length.
   *
   * @throws IllegalArgumentException if the chunk is not held or {@code target} has too little room
   * @throws IOException if the file cannot be read or has shrunk
   */
  int readChunk(long chunk, ByteBuffer target) throws IOException;
}
