package dev.eddy.peer.storage;

import dev.eddy.peer.merkle.LongBitSet;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A download's content on disk. Chunks go to a partial file beside the target ({@code NAME.part}), sized up
 * front, each written at its own offset and only after the caller verified it; a bitmap records which chunks
 * are held. {@link #finish()} trims the file to the exact content length and renames it onto the target in
 * one step, so the target name only ever holds complete, verified content.
 *
 * <p>Consecutive chunks are gathered in a write-behind buffer of {@link #WRITE_BEHIND_BYTES} and written
 * with one system call: an in-order download of 1 KiB chunks otherwise spends a quarter of its receiving
 * thread in {@code pwrite}. A chunk counts as held as soon as {@link #write} returns; {@link #flush()},
 * {@link #finish()}, {@link #close()} and reading a buffered chunk put the buffer on disk first.
 *
 * <p>Every {@link #WRITEBACK_BYTES} written, a background thread forces the file to the device, so that
 * {@link #finish()} forces only the last few megabytes: forcing a whole 256 MiB download at the end took half
 * a second, all of it after the last chunk had arrived.
 *
 * <p>The held-chunk bitmap and the partial file are all the state: a {@link Checkpoint} saves the bitmap ({@link
 * #heldState()}, which flushes first) once {@link #force()} has put those chunks on the device, and {@link
 * #resume} starts again from it.
 *
 * <p>Thread-safe: writes to distinct chunks may come from several threads.
 */
public final class ChunkStore implements ChunkSource, Closeable {
  /** Suffix of the partial file. */
  public static final String PART_SUFFIX = ".part";

  /** Size of the write-behind buffer (rounded down to whole chunks, at least one). */
  public static final int WRITE_BEHIND_BYTES = 256 << 10;

  /** Bytes written after which the file is forced to the device in the background. */
  public static final long WRITEBACK_BYTES = 32L << 20;

  /** Forces the files of every store in the background: one daemon thread, never interrupted (an interrupt would close the channel it forces). */
  private static final Executor WRITEBACK = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "eddy-writeback");
    thread.setDaemon(true);
    return thread;
  });

  private final Path target;
  private final Path partial;
  private final FileChannel channel;
  private final int chunkSize;
  private final long chunkCount;
  private final LongBitSet held;
  private int lastChunkLength = -1;
  /** Verified chunks {@code bufferedFirst ..} not yet on disk, consecutive, in chunk order. */
  private final ByteBuffer writeBehind;
  private long bufferedFirst = -1;
  private int bufferedChunks;
  private final long writebackBytes;
  private long writtenSinceWriteback;
  private CompletableFuture<Void> writeback = CompletableFuture.completedFuture(null);
  private final AtomicInteger writebacksDone = new AtomicInteger();

  /** The chunks held and the last chunk's length (0 while not held), as a checkpoint saves them. */
  public record HeldState(LongBitSet held, int lastChunkLength) {}

  ChunkStore(Path target, Path partial, FileChannel channel, int chunkSize, long chunkCount, long writebackBytes) {
    this.target = target;
    this.partial = partial;
    this.channel = channel;
    this.chunkSize = chunkSize;
    this.chunkCount = chunkCount;
    this.writebackBytes = writebackBytes;
    this.held = new LongBitSet(chunkCount);
    this.writeBehind = ByteBuffer.allocateDirect(Math.max(1, WRITE_BEHIND_BYTES / chunkSize) * chunkSize);
  }

  /**
   * Creates (or empties) {@code target}'s partial file, sized for {@code chunkCount} full chunks (the last
   * one's real length is learnt when it arrives). Fails with {@link DiskFullException} at once if the file
   * system has less room than that.
   */
  public static ChunkStore create(Path target, int chunkSize, long chunkCount) throws IOException {
    return create(target, chunkSize, chunkCount, WRITEBACK_BYTES);
  }

  /** {@link #create(Path, int, long)} forcing to the device in the background every {@code writebackBytes}. */
  static ChunkStore create(Path target, int chunkSize, long chunkCount, long writebackBytes) throws IOException {
    return open(target, chunkSize, chunkCount, writebackBytes, false);
  }

  /**
   * Opens {@code target}'s existing partial file, of exactly {@code chunkCount} full chunks, keeping its bytes:
   * the chunks in {@code held} (verified earlier, see {@link Checkpoint}) count as held, and others may be
   * declared so by {@link #markHeld} once verified in place.
   *
   * @param lastChunkLength the last chunk's length if it is in {@code held}
   */
  public static ChunkStore resume(Path target, int chunkSize, long chunkCount, LongBitSet held, int lastChunkLength)
      throws IOException {
    if (held.size() != chunkCount) {
      throw new IllegalArgumentException(held.size() + " held bits for " + chunkCount + " chunks");
    }
    ChunkStore store = open(target, chunkSize, chunkCount, WRITEBACK_BYTES, true);
    for (long c = held.nextSetBit(0); c >= 0; c = held.nextSetBit(c + 1)) {
      store.held.set(c);
    }
    if (chunkCount > 0 && held.get(chunkCount - 1)) {
      store.lastChunkLength = lastChunkLength;
    }
    return store;
  }

  private static ChunkStore open(Path target, int chunkSize, long chunkCount, long writebackBytes, boolean keep)
      throws IOException {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunk size " + chunkSize + " must be positive");
    }
    if (chunkCount < 0) {
      throw new IllegalArgumentException("chunk count " + chunkCount + " is negative");
    }
    Path absolute = target.toAbsolutePath();
    long size = Math.multiplyExact(chunkCount, (long) chunkSize);
    Path partial = OutputClaim.partialFileOf(absolute);
    Path directory = absolute.getParent();
    if (!Files.isDirectory(directory)) {
      throw new NoSuchFileException(directory.toString(), null, "no such directory for " + absolute.getFileName());
    }
    FileStore store = Files.getFileStore(directory);
    long existing = Files.exists(partial) ? Files.size(partial) : 0;
    // A file system that reports no size at all (/proc, some FUSE mounts) says nothing about room: let the
    // writes report what really happens there.
    if (store.getTotalSpace() > 0 && store.getUsableSpace() + existing < size) {
      throw new DiskFullException("disk full: " + size + " bytes needed for " + absolute + ", "
          + store.getUsableSpace() + " free on " + directory);
    }
    FileChannel channel;
    try {
      channel = keep
          ? FileChannel.open(partial, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
          : FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ,
              StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw DiskFullException.describe(e, (keep ? "opening " : "creating ") + partial);
    }
    try {
      if (keep && channel.size() != size) {
        throw new IOException(partial + " has " + channel.size() + " bytes, expected " + size);
      }
      // Sets the size; most file systems keep it sparse, so ENOSPC can still come later from write().
      if (size > 0 && !keep) {
        FileIo.writeFully(channel, size - 1, ByteBuffer.allocate(1));
      }
      return new ChunkStore(absolute, partial, channel, chunkSize, chunkCount, writebackBytes);
    } catch (IOException e) {
      channel.close();
      throw DiskFullException.describe(e, "preallocating " + size + " bytes in " + partial);
    }
  }

  public Path target() {
    return target;
  }

  /** The file being written until {@link #finish()}. */
  public Path partialFile() {
    return partial;
  }

  @Override
  public int chunkSize() {
    return chunkSize;
  }

  @Override
  public long chunkCount() {
    return chunkCount;
  }

  @Override
  public synchronized boolean has(long chunk) {
    return chunk >= 0 && chunk < chunkCount && held.get(chunk);
  }

  /** Number of chunks held. */
  public synchronized long heldCount() {
    return held.cardinality();
  }

  public synchronized boolean isComplete() {
    return held.cardinality() == chunkCount;
  }

  /** The first chunk at or after {@code from} not yet held, or -1 if there is none. */
  public synchronized long nextMissing(long from) {
    long next = held.nextClearBit(Math.max(0, from));
    return next < chunkCount ? next : -1;
  }

  /** The first chunk at or after {@code from} that is held, or -1 (to turn the bitmap into HAVE ranges). */
  public synchronized long nextHeld(long from) {
    return held.nextSetBit(Math.max(0, from));
  }

  /**
   * Takes a verified chunk (the remaining bytes of {@code data}; its position is left alone) for its offset
   * and marks it held; the bytes reach the file at the latest at the next {@link #flush()}. Writing a chunk
   * already held does nothing.
   *
   * @throws IllegalArgumentException for a chunk number past the end or a wrong length
   * @throws DiskFullException when the disk has no room (possibly for chunks buffered earlier)
   */
  public synchronized void write(long chunk, ByteBuffer data) throws IOException {
    if (chunk < 0 || chunk >= chunkCount) {
      throw new IllegalArgumentException("chunk " + chunk + " outside [0, " + chunkCount + ")");
    }
    int length = data.remaining();
    boolean last = chunk == chunkCount - 1;
    if (last ? length < 1 || length > chunkSize : length != chunkSize) {
      throw new IllegalArgumentException("chunk " + chunk + " has " + length + " bytes, expected "
          + (last ? "1.." : "") + chunkSize);
    }
    if (held.get(chunk)) {
      return;
    }
    if (bufferedChunks > 0 && (chunk != bufferedFirst + bufferedChunks || writeBehind.remaining() < length)) {
      flush();
    }
    if (bufferedChunks == 0) {
      bufferedFirst = chunk;
    }
    writeBehind.put(data.duplicate());
    bufferedChunks++;
    if (last) {
      lastChunkLength = length;
    }
    held.set(chunk);
  }

  /**
   * Counts chunk {@code chunk}, already in the partial file, as held: its bytes were verified where they lie
   * (a resume without a usable checkpoint). A last chunk taken this way is a full chunk.
   */
  public synchronized void markHeld(long chunk) {
    if (held.set(chunk) && chunk == chunkCount - 1) {
      lastChunkLength = chunkSize;
    }
  }

  /** Puts buffered chunks on disk and returns a copy of what is held: every chunk in it is in the file. */
  public synchronized HeldState heldState() throws IOException {
    flush();
    return new HeldState(LongBitSet.fromWords(chunkCount, held.toWords()), Math.max(0, lastChunkLength));
  }

  /** Forces the partial file's bytes to the device (before a checkpoint names them); any thread. */
  public void force() throws IOException {
    channel.force(false);
  }

  /** Puts every buffered chunk on disk (not forced to the device). */
  public synchronized void flush() throws IOException {
    if (bufferedChunks == 0) {
      return;
    }
    writeBehind.flip();
    int bytes = writeBehind.remaining();
    try {
      FileIo.writeFully(channel, bufferedFirst * chunkSize, writeBehind);
    } catch (IOException e) {
      for (long c = bufferedFirst; c < bufferedFirst + bufferedChunks; c++) {
        held.clear(c); // lost with the buffer: not held, so never served or counted as on disk
      }
      throw DiskFullException.describe(e, "writing chunks " + bufferedFirst + ".." + (bufferedFirst + bufferedChunks - 1) + " to " + partial);
    } finally {
      writeBehind.clear();
      bufferedChunks = 0;
    }
    writtenSinceWriteback += bytes;
    if (writtenSinceWriteback >= writebackBytes && writeback.isDone()) {
      writtenSinceWriteback = 0;
      writeback = CompletableFuture.runAsync(this::forceInBackground, WRITEBACK);
    }
  }

  private void forceInBackground() {
    try {
      channel.force(false);
      writebacksDone.incrementAndGet();
    } catch (IOException e) {
      // Closed meanwhile (finished or given up), or a device error that the force in finish() reports.
    }
  }

  /** Background forces completed so far. */
  int writebacksDone() {
    return writebacksDone.get();
  }

  @Override
  public int readChunk(long chunk, ByteBuffer target) throws IOException {
    int length;
    synchronized (this) {
      if (!has(chunk)) {
        throw new IllegalArgumentException("chunk " + chunk + " is not held");
      }
      length = chunk == chunkCount - 1 ? lastChunkLength : chunkSize;
      if (chunk >= bufferedFirst && chunk < bufferedFirst + bufferedChunks) {
        flush();
      }
    }
    FileIo.readFully(channel, chunk * chunkSize, target, length);
    return length;
  }

  /** Content length, known once the last chunk is held; -1 before. */
  public synchronized long contentLength() {
    if (chunkCount == 0) {
      return 0;
    }
    return lastChunkLength < 0 ? -1 : (chunkCount - 1) * chunkSize + lastChunkLength;
  }

  /**
   * Completes the download: trims the partial file to the content length, forces it to disk and renames it
   * onto the target (replacing any file there: the {@link OutputClaim} decided beforehand whether one may be
   * replaced), then closes it. Returns the target.
   *
   * <p>The file is renamed while still open: closing a descriptor drops this process's POSIX locks on the
   * file, and the claim's lock must keep other downloads away from the partial file until it has its name.
   *
   * @throws IllegalStateException if chunks are still missing
   */
  public synchronized Path finish() throws IOException {
    if (!isComplete()) {
      throw new IllegalStateException(
          (chunkCount - held.cardinality()) + " of " + chunkCount + " chunks still missing");
    }
    try {
      flush();
      channel.truncate(contentLength());
      channel.force(true);
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw DiskFullException.describe(e, "finishing " + partial);
    } finally {
      channel.close();
    }
    return target;
  }

  /** Closes the partial file and deletes it (a download given up). */
  public synchronized void abandon() throws IOException {
    channel.close();
    Files.deleteIfExists(partial);
  }

  /** Writes what is buffered and closes the partial file, keeping it on disk. */
  @Override
  public synchronized void close() throws IOException {
    try {
      flush();
    } finally {
      channel.close();
    }
  }
}
