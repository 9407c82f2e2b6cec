package dev.eddy.peer.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
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
   * {@code e} with what was being done put in front of the operating system's own reason: a
   * {@link DiskFullException} (message {@code "disk full: WHAT: REASON"}) if it is the "no space" error (ENOSPC
   * or EDQUOT on Linux and macOS, ERROR_DISK_FULL on Windows), else an {@link IOException} saying
   * {@code "WHAT: REASON"} (permission denied, read-only file system, ...). The JDK reports these only as
   * message text, so the text is what is matched.
   */
  static IOException describe(IOException e, String what) {
    if (e instanceof DiskFullException || e instanceof OutputRefusedException) {
      return e;
    }
    String reason = reason(e);
    String lower = reason.toLowerCase(Locale.ROOT);
    if (lower.contains("no space left on device")
        || lower.contains("disk quota exceeded")
        || lower.contains("not enough space on the disk")) {
      return new DiskFullException("disk full: " + what + ": " + reason, e);
    }
    return new IOException(what + ": " + reason, e);
  }

  /** The operating system's words for {@code e}, without the file name the JDK puts in front. */
  static String reason(IOException e) {
    if (e instanceof FileSystemException f) {
      if (f.getReason() != null) {
        return f.getReason();
      }
      // The JDK turns these three errors into exception types and drops the system's text.
      if (f instanceof AccessDeniedException) {
        return "Permission denied";
      }
      if (f instanceof NoSuchFileException) {
        return "No such file or directory";
      }
      if (f instanceof FileAlreadyExistsException) {
        return "File exists";
      }
    }
    return String.valueOf(e.getMessage());
  }
}
