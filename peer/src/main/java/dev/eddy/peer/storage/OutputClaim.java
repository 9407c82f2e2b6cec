package dev.eddy.peer.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * A download's right to its output, taken before the first datagram and held until the download ends: the
 * target is checked (a device, FIFO, socket or directory is never written over; an existing file only when
 * the user said so), and the partial file {@code NAME.part} is created and locked, so that a second download
 * to the same output refuses at once instead of mixing two swarms' bytes.
 *
 * <p>The lock is a POSIX record lock ({@link FileChannel#tryLock()}), which the kernel drops when the process
 * ends, however it ends: no stale lock files. POSIX also drops it when <em>any</em> descriptor of this process
 * on that file closes, so {@link ChunkStore} closes its own channel only after the partial file took the
 * target's name.
 *
 * <p>The partial file is kept when a download stops unfinished (for a later resume); {@link #close()} removes
 * it only if this claim created it and nothing was ever written to it.
 */
public final class OutputClaim implements Closeable {
  private static final int ATTEMPTS = 3;

  private final Path target;
  private final Path partial;
  private final FileChannel channel;
  private final Object fileKey;
  private final boolean created;

  private OutputClaim(Path target, Path partial, FileChannel channel, Object fileKey, boolean created) {
    this.target = target;
    this.partial = partial;
    this.channel = channel;
    this.fileKey = fileKey;
    this.created = created;
  }

  /** Where a download to {@code target} keeps its chunks until complete. */
  public static Path partialFileOf(Path target) {
    Path absolute = target.toAbsolutePath();
    return absolute.resolveSibling(absolute.getFileName() + ChunkStore.PART_SUFFIX);
  }

  /**
   * Checks {@code target} and locks its partial file.
   *
   * @param replace whether an existing regular file at {@code target} may be replaced when the download completes
   * @throws OutputRefusedException if the target is not a file, exists (without {@code replace}) or is in use
   * @throws IOException if the directory is missing or the partial file cannot be created (the message says why)
   */
  public static OutputClaim claim(Path target, boolean replace) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path partial = partialFileOf(absolute);
    Path directory = absolute.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new IOException("no such directory: " + directory);
    }
    refuseUnusableTarget(target, absolute, replace);
    Optional<BasicFileAttributes> part = attributes(partial);
    if (part.isPresent() && !part.get().isRegularFile()) {
      throw new OutputRefusedException(OutputRefusedException.Reason.NOT_A_FILE,
          partial + " (the partial file of " + target + ") exists and is " + kind(part.get()) + "; move it away");
    }
    for (int attempt = 1; ; attempt++) {
      OutputClaim claim;
      try {
        claim = tryClaim(absolute, partial);
      } catch (IOException e) {
        throw DiskFullException.describe(e, "creating " + partial);
      }
      if (claim != null) {
        // Checked again under the lock: another download may have completed to this target meanwhile.
        try {
          refuseUnusableTarget(target, absolute, replace);
        } catch (IOException e) {
          claim.close();
          throw e;
        }
        return claim;
      }
      if (attempt == ATTEMPTS) {
        throw new OutputRefusedException(OutputRefusedException.Reason.IN_USE,
            target + " is in use by another eddy get" + LockHolder.describe(partial) + " (its partial file " + partial + " is locked)");
      }
    }
  }

  /**
   * Opens and locks {@code partial}; null if another process holds the lock, or if the file this process
   * opened was removed or replaced before the lock was granted (the caller tries again).
   */
  private static OutputClaim tryClaim(Path target, Path partial) throws IOException {
    FileChannel channel;
    boolean created;
    try {
      channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      created = true;
    } catch (FileAlreadyExistsException e) {
      channel = FileChannel.open(partial, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      created = false;
    }
    try {
      Object keyBefore = attributes(partial).map(BasicFileAttributes::fileKey).orElse(null);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process (another download in the same JVM)
      }
      if (lock == null) {
        channel.close(); // even a file this process just created: whoever locked it first owns it now
        return null;
      }
      Object keyAfter = attributes(partial).map(BasicFileAttributes::fileKey).orElse(null);
      if (keyAfter == null || !Objects.equals(keyBefore, keyAfter)) {
        channel.close(); // the previous holder removed the file we had opened: start again on the new one
        return null;
      }
      return new OutputClaim(target, partial, channel, keyAfter, created);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void refuseUnusableTarget(Path given, Path target, boolean replace) throws IOException {
    Optional<BasicFileAttributes> existing = attributes(target);
    if (existing.isEmpty()) {
      return;
    }
    BasicFileAttributes a = existing.get();
    if (!a.isRegularFile()) {
      throw new OutputRefusedException(OutputRefusedException.Reason.NOT_A_FILE,
          given + " exists and is " + kind(a) + ", not a regular file: give a file name for --output");
    }
    if (!replace) {
      throw new OutputRefusedException(OutputRefusedException.Reason.EXISTS,
          given + " already exists: use --force to replace it, or another --output");
    }
  }

  /** The attributes of {@code path} itself (a symbolic link is not followed), or empty if nothing is there. */
  private static Optional<BasicFileAttributes> attributes(Path path) throws IOException {
    try {
      return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    return "a device, FIFO or socket";
  }

  public Path target() {
    return target;
  }

  public Path partialFile() {
    return partial;
  }

  /**
   * Ends the claim and releases the lock. The partial file stays (it holds verified chunks for a later resume),
   * unless this claim created it and it is still empty: a download that verified nothing leaves nothing behind.
   */
  @Override
  public void close() throws IOException {
    try {
      if (created && channel.isOpen() && channel.size() == 0
          && Objects.equals(fileKey, attributes(partial).map(BasicFileAttributes::fileKey).orElse(null))) {
        Files.delete(partial); // still under the lock, so no other download has it
      }
    } finally {
      channel.close();
    }
  }
}
