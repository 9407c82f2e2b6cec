package dev.eddy.peer.swarm;

import io.netty.buffer.ByteBuf;
import java.io.IOException;

/** Where a seeder reads chunk bytes from (the content file, never loaded whole). */
public interface ContentSource extends AutoCloseable {
  /** Appends chunk {@code chunk}'s bytes (the last chunk at its real length) to {@code out}. */
  void read(long chunk, ByteBuf out) throws IOException;

  @Override
  void close() throws IOException;
}
