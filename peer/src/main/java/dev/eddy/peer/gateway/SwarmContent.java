package dev.eddy.peer.gateway;

import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.storage.ChunkSource;
import dev.eddy.peer.swarm.Swarm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A download as the gateway reads it. The swarm's state lives on the peer's event loop; this keeps a copy of
 * what the gateway needs (which chunks verified, the chunk count, the exact length once the last chunk
 * verified), updated on the loop as chunks verify (it is the peer's observer for that) and read under its
 * lock by the gateway's threads, so a gateway thread never waits for the loop and the loop never waits for
 * a client. Bytes are read through the swarm's own chunk source (its store, which puts chunks still in its
 * write-behind buffer on disk first, then the finished file), on the gateway's threads.
 *
 * <p>Steering: the newest waiting reader decides where in-order picking continues ({@link Swarm#playFrom}).
 * While the exact length is unknown but the chunk count is, a waiting reader first needs the last chunk (the
 * peaks give the chunk count, only the last chunk its length), so that one is fetched first.
 */
public final class SwarmContent implements ArrivingContent, PeerObserver {
  private final Swarm swarm;
  private final String swarmHex;
  private final int chunkSize;
  private volatile Executor peerLoop;

  // Guarded by this; written on the peer's event loop only (except ended).
  private final BitSet held = new BitSet();
  private long chunkCount = -1;
  private long length = UNKNOWN;
  private ChunkSource source;
  private String ended;
  private final ReadWaiters waiters = new ReadWaiters();
  /** The finished file's source, for a read that found the store closed under it at completion. */
  private final CompletableFuture<ChunkSource> finished = new CompletableFuture<>();

  /** Serves {@code swarm}; register it as an observer of the peer that runs the swarm, then {@link #attach}. */
  public SwarmContent(Swarm swarm) {
    this.swarm = swarm;
    this.swarmHex = swarm.idHex();
    this.chunkSize = swarm.chunkSize();
  }

  /**
   * Starts serving: {@code peerLoop} runs tasks on the peer's event loop (where picking is steered). Takes
   * over what the swarm already holds, for a download that did not start empty, and follows the chunks it takes
   * from the partial file while re-verifying it.
   */
  public void attach(Executor peerLoop) {
    this.peerLoop = peerLoop;
    peerLoop.execute(() -> {
      swarm.onResumed(this::onVerified);
      swarm.forEachHeldRun(this::onVerified);
      steer();
    });
  }

  /** No more bytes will come ({@code why}: the download failed or stopped): every waiting reader is told. */
  public void end(String why) {
    List<CompletableFuture<Void>> all;
    synchronized (this) {
      if (ended != null) {
        return;
      }
      ended = why;
      all = waiters.takeAll();
    }
    finished.completeExceptionally(new IOException(why));
    all.forEach(f -> f.completeExceptionally(new IOException(why)));
  }

  @Override
  public void onChunkVerified(ChannelRef channel, long chunkStart, long chunkEnd, int bytes) {
    if (channel.swarmId().equals(swarmHex)) {
      onVerified(chunkStart, chunkEnd);
    }
  }

  /** On the peer's event loop: chunks {@code first..last} are held. */
  private void onVerified(long first, long last) {
    List<CompletableFuture<Void>> ready;
    boolean learned = false;
    synchronized (this) {
      if (chunkCount < 0) {
        chunkCount = swarm.chunkCount();
        learned = true;
      }
      held.set((int) first, (int) last + 1);
      source = swarm.source();
      if (length == UNKNOWN && swarm.holds(chunkCount - 1)) {
        length = swarm.contentLength();
        learned = true;
      }
      ready = waiters.takeReady(this::satisfied);
    }
    if (swarm.isComplete()) {
      finished.complete(swarm.source());
    }
    ready.forEach(f -> f.complete(null));
    if (learned) {
      steer();
    }
  }

  /** On the peer's event loop: in-order picking continues where the newest waiting reader needs data. */
  private void steer() {
    long chunk;
    synchronized (this) {
      if (waiters.isEmpty()) {
        return;
      }
      long position = waiters.newestPosition();
      if (chunkCount >= 0 && length == UNKNOWN) {
        chunk = chunkCount - 1;
      } else if (chunkCount < 0 && position != LENGTH_ONLY) {
        chunk = position / chunkSize;
      } else if (length >= 0 && position < length) {
        chunk = position / chunkSize;
      } else {
        return;
      }
    }
    swarm.playFrom(chunk);
  }

  /** Whether a reader waiting at {@code position} can go on: it knows the length and has a byte, or is at the end. */
  private boolean satisfied(long position) {
    return length != UNKNOWN && (position >= length || available(position) > 0);
  }

  @Override
  public synchronized long length() {
    return length;
  }

  @Override
  public long start() {
    return 0;
  }

  @Override
  public synchronized long available(long position) {
    if (position < 0 || chunkCount < 0 || position / chunkSize >= chunkCount || !held.get((int) (position / chunkSize))) {
      return 0;
    }
    long end = held.nextClearBit((int) (position / chunkSize));
    long endByte = end >= chunkCount ? length : end * chunkSize; // the last chunk held: the length is known
    return endByte - position;
  }

  /**
   * {@inheritDoc} Waiting means: until the length is known and the byte at {@code position} has verified (or
   * {@code position} is at or past the end).
   */
  @Override
  public CompletableFuture<Void> await(long position) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    synchronized (this) {
      if (ended != null) {
        future.completeExceptionally(new IOException(ended));
        return future;
      }
      if (satisfied(position)) {
        future.complete(null);
        return future;
      }
      waiters.add(position, future);
    }
    future.whenComplete((v, e) -> forget(future)); // a cancelled waiter (its client went away) leaves at once
    peerLoop.execute(this::steer);
    return future;
  }

  private synchronized void forget(CompletableFuture<Void> future) {
    waiters.forget(future);
  }

  /** Readers waiting now (a client that went away must not stay among them). */
  public synchronized int waiting() {
    return waiters.size();
  }

  @Override
  public int read(long position, ByteBuffer target) throws IOException {
    long want = Math.min(target.remaining(), available(position));
    ByteBuffer chunkBytes = ByteBuffer.allocate(chunkSize);
    int done = 0;
    while (done < want) {
      long at = position + done;
      long chunk = at / chunkSize;
      chunkBytes.clear();
      readChunk(chunk, chunkBytes);
      chunkBytes.flip();
      int from = (int) (at - chunk * chunkSize);
      int take = (int) Math.min(want - done, chunkBytes.limit() - from);
      target.put(chunkBytes.position(from).limit(from + take));
      done += take;
    }
    return done;
  }

  private void readChunk(long chunk, ByteBuffer into) throws IOException {
    ChunkSource from;
    synchronized (this) {
      from = source;
    }
    if (from == null) {
      throw new IOException("the content cannot be read: its file could not be opened");
    }
    try {
      from.readChunk(chunk, into);
    } catch (ClosedChannelException e) {
      // The store closed as the download completed (its file now has the target's name): read that file.
      into.clear();
      finishedSource().readChunk(chunk, into);
    } catch (IllegalArgumentException e) {
      throw new IOException("chunk " + chunk + " cannot be read: " + e.getMessage(), e);
    }
  }

  private ChunkSource finishedSource() throws IOException {
    try {
      ChunkSource file = finished.get(5, TimeUnit.SECONDS); // the loop sets it right after closing the store
      if (file == null) {
        throw new IOException("the finished file cannot be opened");
      }
      return file;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the download's file closed and no finished file followed", e);
    }
  }
}
