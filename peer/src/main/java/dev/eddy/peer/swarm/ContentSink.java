package dev.eddy.peer.swarm;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a downloader writes verified chunks (preallocated on the first chunk count it learns). */
public interface ContentSink extends AutoCloseable {
  /** Called once the verified peaks fix the size: preallocate. */
  void open(long chunkCount, int chunkSize) throws IOException;

  /** Writes one verified chunk. */
  void write(long chunk, ByteBuffer bytes) throws IOException;

  /** Every chunk is written: fix the final length, flush to disk. */
  void complete(long contentLength) throws IOException;

  @Override
  void close() throws IOException;
}
