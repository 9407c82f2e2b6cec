package dev.eddy.peer.live;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a live leecher writes the stream: chunks in order from the one it joined at. A chunk that the
 * window passed before it arrived is skipped (counted), never waited for. Confined to the event loop.
 */
public final class LiveOutput {
  private final OutputStream out;
  private volatile long next = -1;
  private long startChunk = -1;
  private long chunksWritten;
  private long bytesWritten;
  private long chunksSkipped;

  public LiveOutput(OutputStream out) {
    this.out = out;
  }

  /** Whether the leecher has joined the stream (learnt of a first chunk). */
  public boolean started() {
    return next >= 0;
  }

  void startAt(long chunk) {
    next = chunk;
    startChunk = chunk;
  }

  long next() {
    return next;
  }

  void write(byte[] chunk) throws IOException {
    out.write(chunk);
    next++;
    chunksWritten++;
    bytesWritten += chunk.length;
  }

  void skip() {
    next++;
    chunksSkipped++;
  }

  void flush() throws IOException {
    out.flush();
  }

  void close() throws IOException {
    out.close();
  }

  /** The chunk the output started at, or -1 before it joined. */
  public long startChunk() {
    return startChunk;
  }

  public long chunksWritten() {
    return chunksWritten;
  }

  public long bytesWritten() {
    return bytesWritten;
  }

  public long chunksSkipped() {
    return chunksSkipped;
  }
}
