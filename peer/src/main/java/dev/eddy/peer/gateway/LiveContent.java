package dev.eddy.peer.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A live stream as the gateway reads it: the bytes a live leecher writes out in order (the same bytes its
 * {@code --output} gets, chunks the window passed unfilled left out), kept in a ring of bounded size, so
 * memory stays fixed however long the stream runs and however many clients read it. Byte 0 is the first
 * byte the leecher wrote; the length stays {@link #UNBOUNDED} until the stream ends ({@link #close}).
 *
 * <p>The leecher's event loop writes (a copy into the ring under a short lock, then completing the futures
 * of readers that waited for it); every client reads at its own position on the gateway's thread. A client
 * that reads slower than the stream arrives never holds the writer back: the ring overwrites what it did
 * not read, and once its position is older than {@link #start()} the gateway cuts its response.
 */
public final class LiveContent extends OutputStream implements ArrivingContent {
  private final byte[] ring;
  private final long tuneInBehind;

  // Guarded by this.
  /** Bytes written so far: one past the newest byte. */
  private long total;
  private boolean ended;
  private String failed;
  private final ReadWaiters waiters = new ReadWaiters();

  /**
   * @param bufferBytes how much of the stream is kept for readers (the discard window's bytes, typically): a
   *     reader further behind than this is cut
   * @param tuneInBehind how far behind the newest byte a new reader starts: a little history lets a player
   *     start decoding at once, without adding much delay
   */
  public LiveContent(int bufferBytes, long tuneInBehind) {
    if (bufferBytes <= 0 || tuneInBehind < 0 || tuneInBehind > bufferBytes) {
      throw new IllegalArgumentException("bad live buffer: " + bufferBytes + " bytes, tune-in " + tuneInBehind + " behind");
    }
    this.ring = new byte[bufferBytes];
    this.tuneInBehind = tuneInBehind;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    List<CompletableFuture<Void>> ready;
    synchronized (this) {
      if (ended) {
        return;
      }
      // Only the newest ring.length bytes can be kept: a longer write keeps its tail.
      int skip = Math.max(0, length - ring.length);
      total += skip;
      for (int done = skip; done < length; ) {
        int at = (int) (total % ring.length);
        int n = Math.min(length - done, ring.length - at);
        System.arraycopy(bytes, offset + done, ring, at, n);
        done += n;
        total += n;
      }
      long written = total;
      ready = waiters.takeReady(position -> position < written);
    }
    ready.forEach(f -> f.complete(null));
  }

  /** The stream ended: readers get what is left, then the end of the response. */
  @Override
  public void close() {
    endWith(null);
  }

  /** No more bytes will come because of {@code why}: readers are cut. */
  public void fail(String why) {
    endWith(why);
  }

  private void endWith(String why) {
    List<CompletableFuture<Void>> all;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      failed = why;
      all = waiters.takeAll();
    }
    for (CompletableFuture<Void> f : all) {
      if (why == null) {
        f.complete(null);
      } else {
        f.completeExceptionally(new IOException(why));
      }
    }
  }

  @Override
  public synchronized long length() {
    return ended ? total : UNBOUNDED;
  }

  @Override
  public synchronized long start() {
    return Math.max(0, total - ring.length);
  }

  /** {@inheritDoc} A little behind the newest byte, never before the oldest one held. */
  @Override
  public synchronized long tuneIn() {
    return Math.max(start(), total - tuneInBehind);
  }

  @Override
  public synchronized long available(long position) {
    return position < start() || position >= total ? 0 : total - position;
  }

  /** {@inheritDoc} Waiting means: until the byte at {@code position} was written, the stream ended, or the ring passed it. */
  @Override
  public CompletableFuture<Void> await(long position) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    synchronized (this) {
      if (failed != null) {
        future.completeExceptionally(new IOException(failed));
        return future;
      }
      if (ended || position < total) {
        future.complete(null);
        return future;
      }
      waiters.add(position, future);
    }
    future.whenComplete((v, e) -> forget(future)); // a cancelled waiter (its client went away) leaves at once
    return future;
  }

  private synchronized void forget(CompletableFuture<Void> future) {
    waiters.forget(future);
  }

  /** Readers waiting now. */
  public synchronized int waiting() {
    return waiters.size();
  }

  /** {@inheritDoc} A copy from memory; 0 when the ring passed {@code position} since {@link #available}. */
  @Override
  public synchronized int read(long position, ByteBuffer target) {
    int want = (int) Math.min(target.remaining(), available(position));
    for (int done = 0; done < want; ) {
      int at = (int) ((position + done) % ring.length);
      int n = Math.min(want - done, ring.length - at);
      target.put(ring, at, n);
      done += n;
    }
    return want;
  }
}
