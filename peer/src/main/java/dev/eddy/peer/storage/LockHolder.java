package dev.eddy.peer.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who holds the POSIX lock on a file, read from Linux's {@code /proc/locks} (Java has no {@code F_GETLK}), so
 * that a refusal can name the other process. Elsewhere, or if the lock went away meanwhile, it names nobody.
 */
final class LockHolder {
  private LockHolder() {}

  /** {@code " (pid N)"} for the process holding a lock on {@code file}, or an empty string if unknown. */
  static String describe(Path file) {
    try {
      long inode = ((Number) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
      long dev = ((Number) Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
      return pid(Files.readAllLines(Path.of("/proc/locks")), major(dev), minor(dev), inode)
          .map(pid -> " (pid " + pid + ")").orElse("");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "";
    }
  }

  /**
   * The pid of the first lock on the given file in {@code /proc/locks} lines such as
   * {@code 1: POSIX  ADVISORY  WRITE 4242 00:2a:1234 0 EOF} (device numbers in hex, inode in decimal); lines
   * of waiting requests ({@code 1: -> POSIX ...}) are skipped.
   */
  static Optional<Long> pid(List<String> procLocks, long major, long minor, long inode) {
    for (String line : procLocks) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 6 || f[1].equals("->")) {
        continue;
      }
      String[] id = f[5].split(":");
      try {
        if (id.length == 3 && Long.parseLong(id[0], 16) == major && Long.parseLong(id[1], 16) == minor
            && Long.parseLong(id[2]) == inode) {
          return Optional.of(Long.parseLong(f[4]));
        }
      } catch (NumberFormatException e) {
        // a format this parser does not know: name nobody rather than the wrong process
      }
    }
    return Optional.empty();
  }

  // glibc's gnu_dev_major/minor: how a 64-bit st_dev splits into the numbers /proc/locks prints.
  private static long major(long dev) {
    return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xfffff000L);
  }

  private static long minor(long dev) {
    return (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
  }
}
