package dev.eddy.peer.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Content whose bytes arrive over time, as the gateway reads it: a download in progress ({@link SwarmContent}),
 * or a live stream. The gateway asks what it can read now, reads that, and otherwise waits for a change;
 * waiting also tells the content where a reader is stuck, so it can fetch from there first.
 *
 * <p>Every method may be called from any thread and returns at once; only {@link #read} touches the disk.
 */
public interface ArrivingContent {
  /** {@link #length()} while the size is not known yet (a download before its last chunk verified). */
  long UNKNOWN = -1;
  /**
   * {@link #length()} of a stream with no end yet (live): served as one continuous response from {@link #tuneIn()}
   * on, without {@code Content-Length} and without ranges. When it ends, its length becomes known and the
   * response ends there.
   */
  long UNBOUNDED = -2;
  /** A position for {@link #await} that waits for the length alone (it lies past any end). */
  long LENGTH_ONLY = Long.MAX_VALUE;

  /** The length in bytes, {@link #UNKNOWN} or {@link #UNBOUNDED}. */
  long length();

  /**
   * The first byte position still held: 0 for a download; a live stream's discard window moves it forward, and
   * the response of a reader behind it is cut.
   */
  long start();

  /** Where a new reader of an {@link #UNBOUNDED} stream starts: near its live edge. */
  default long tuneIn() {
    return start();
  }

  /** How many bytes from {@code position} on can be read now without a gap (0 when that byte has not arrived). */
  long available(long position);

  /**
   * Completes when something a reader waiting at {@code position} needs may have changed: the byte there
   * arrived (and the length is known, or {@link #UNBOUNDED}), the end is known to lie at or before {@code
   * position}, or {@link #start()} moved past it. It is a hint: the reader asks {@link #available} and
   * {@link #length} again. Completes exceptionally when no more bytes will come (the
   * download failed or stopped), with an exception whose message says why. The caller cancels the future
   * when it stops waiting (its client went away), which frees the waiter.
   *
   * <p>Also moves the content's fetching to {@code position}: the newest waiting reader decides what is
   * fetched first. The future may complete on any thread, the peer's event loop included: a caller hands
   * the work that follows to its own thread.
   */
  CompletableFuture<Void> await(long position);

  /**
   * Reads bytes from {@code position} into {@code target}, at most its remaining room and at most
   * {@link #available}{@code (position)}; returns how many. Blocking file I/O: never call it on the peer's
   * event loop.
   */
  int read(long position, ByteBuffer target) throws IOException;
}
