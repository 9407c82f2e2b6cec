package dev.eddy.peer.storage;

import java.io.IOException;
import java.util.Locale;

/**
 * The disk (or the user's quota) has no room for the download. Typed so the CLI can say "disk full" instead
 * of an I/O error; the message says where and, when known, how much was needed.
 */
public final class DiskFullException extends IOException {
  private static final long serialVersionUID = 1L;

  public DiskFullException(String message, Throwable cause) {
    super(message, cause);
  }

  public DiskFullException(String message) {
    super(message);
  }

  /**
   * {@code e} as a {@link DiskFullException} if it is the operating system's "no space" error (ENOSPC or
   * EDQUOT on Linux and macOS, ERROR_DISK_FULL on Windows), else {@code e} itself. The JDK reports these only
   * as message text, so the text is what is matched.
   */
  static IOException classify(IOException e, String what) {
    if (e instanceof DiskFullException) {
      return e;
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("no space left on device")
        || message.contains("disk quota exceeded")
        || message.contains("not enough space on the disk")) {
      return new DiskFullException("disk full while " + what + ": " + e.getMessage(), e);
    }
    return e;
  }
}
