package dev.eddy.peer.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A chunk source that passes everything on to another; a fault injector overrides only what it changes. */
public abstract class ForwardingChunkSource implements ChunkSource, Closeable {
  protected final ChunkSource delegate;

  protected ForwardingChunkSource(ChunkSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public int chunkSize() {
    return delegate.chunkSize();
  }

  @Override
  public long chunkCount() {
    return delegate.chunkCount();
  }

  @Override
  public boolean has(long chunk) {
    return delegate.has(chunk);
  }

  @Override
  public int readChunk(long chunk, ByteBuffer target) throws IOException {
    return delegate.readChunk(chunk, target);
  }

  @Override
  public void close() throws IOException {
    if (delegate instanceof Closeable c) {
      c.close();
    }
  }
}
