package dev.eddy.peer.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a download's {@link Checkpoint} beside its partial file: at most every {@link #INTERVAL_NS} while
 * chunks keep verifying, and once more when the download stops unfinished. The state is copied on the
 * caller's thread (the event loop) and written by a background thread after the partial file is forced, so a
 * checkpoint never names a chunk that is not on the device; a write still under way when the next is due
 * delays it. A checkpoint that cannot be written is reported once and the download goes on.
 */
public final class Checkpointer {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

  /** Most verified work a crash can lose, in time: a checkpoint is due this long after the previous one. */
  public static final long INTERVAL_NS = 1_000_000_000L;

  private static final Executor WRITER = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "eddy-checkpoint");
    thread.setDaemon(true);
    return thread;
  });

  /** Copies the download's state; runs on the caller's thread. */
  @FunctionalInterface
  public interface State {
    Checkpoint copy() throws IOException;
  }

  private final Path file;
  private final ChunkStore store;
  private CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
  private long nextNs = Long.MIN_VALUE;
  /** Chunks held in the last checkpoint saved (written by the writer thread, read on the caller's). */
  private volatile long heldAtLastSave = -1;
  private boolean failureReported;

  public Checkpointer(ChunkStore store) {
    this.store = store;
    this.file = Checkpoint.fileOf(store.partialFile());
  }

  public Path file() {
    return file;
  }

  /** Called on every tick: copies the state (only when due and changed) and writes it in the background. */
  public void onTick(long nowNs, State state) {
    if (nowNs < nextNs || !writing.isDone() || store.heldCount() == heldAtLastSave) {
      return;
    }
    nextNs = nowNs + INTERVAL_NS;
    Checkpoint checkpoint;
    try {
      checkpoint = state.copy();
    } catch (IOException e) {
      report(e);
      return;
    }
    writing = CompletableFuture.runAsync(() -> save(checkpoint), WRITER);
  }

  /** Waits for a write under way, then saves {@code state} now (the download stops unfinished). */
  public void saveNow(State state) {
    writing.join();
    if (store.heldCount() != heldAtLastSave) {
      try {
        save(state.copy());
      } catch (IOException e) {
        report(e);
      }
    }
  }

  /** Waits for a write under way and removes the checkpoint (the download completed). */
  public void delete() {
    writing.join();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot remove the checkpoint {}: {}", file, DiskFullException.reason(e));
    }
  }

  private void save(Checkpoint checkpoint) {
    try {
      store.force();
      checkpoint.writeAtomically(file);
      heldAtLastSave = checkpoint.held().cardinality();
    } catch (IOException e) {
      report(e);
    }
  }

  private synchronized void report(IOException e) {
    if (!failureReported) {
      failureReported = true;
      LOG.warn("cannot write the checkpoint {} (a crash now would lose more): {}", file, DiskFullException.reason(e));
    }
  }
}
