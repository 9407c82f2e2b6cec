package dev.eddy.peer.swarm;

import dev.eddy.peer.storage.ChunkSource;
import dev.eddy.peer.storage.ForwardingChunkSource;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Fault injection for tests and the reliability lab: serves one chunk, or every chunk, with a byte flipped
 * (the hashes it sends stay honest), so downloaders must catch it. Only ever installed by {@code eddy seed} when the
 * {@code eddy.fault.corruptChunk} system property is set.
 */
public final class CorruptingChunkSource extends ForwardingChunkSource {
  /** Every chunk: for a liar that must be caught whichever chunk a downloader asks it for. */
  public static final long ALL = -1;
  private final long corruptChunk;

  /** @param corruptChunk the chunk to corrupt, or {@link #ALL} */
  public CorruptingChunkSource(ChunkSource delegate, long corruptChunk) {
    super(delegate);
    this.corruptChunk = corruptChunk;
  }

  @Override
  public int readChunk(long chunk, ByteBuffer target) throws IOException {
    int start = target.position();
    int length = delegate.readChunk(chunk, target);
    if ((corruptChunk == ALL || chunk == corruptChunk) && length > 0) {
      target.put(start, (byte) (target.get(start) ^ 0x5a));
    }
    return length;
  }
}
