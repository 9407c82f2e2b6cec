package dev.eddy.peer.cli;

import dev.eddy.peer.observe.SwarmStats;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Download progress on stderr: a redrawn bar (bytes, rate, ETA) on a terminal, one plain line every few
 * seconds otherwise (logs and pipes stay readable).
 */
final class Progress {
  private static final int BAR = 30;
  private final PrintWriter err;
  private final boolean terminal;
  private final int chunkSize;
  private boolean drawn;

  Progress(PrintWriter err, boolean terminal, int chunkSize) {
    this.err = err;
    this.terminal = terminal;
    this.chunkSize = chunkSize;
  }

  long intervalMs() {
    return terminal ? 250 : 2000;
  }

  void show(SwarmStats s, long elapsedNs) {
    long total = s.chunksTotal() * chunkSize;
    long done = Math.min(total, s.chunksHeld() * chunkSize);
    double rate = s.downloadBytesPerSecond();
    String eta = rate > 0 && total > 0 ? formatSeconds((total - done) / rate) : "--";
    if (terminal) {
      int filled = total == 0 ? 0 : (int) (BAR * done / total);
      err.printf(Locale.ROOT, "\r[%s%s] %s / %s  %s/s  ETA %s   ", "#".repeat(filled), ".".repeat(BAR - filled),
          human(done), total == 0 ? "?" : human(total), human((long) rate), eta);
      drawn = true;
    } else {
      err.printf(Locale.ROOT, "progress: %s of %s, %s/s, ETA %s, %d peer(s), %.0f s elapsed%n", human(done),
          total == 0 ? "?" : human(total), human((long) rate), eta, s.peers(), elapsedNs / 1e9);
    }
    err.flush();
  }

  void finish() {
    if (drawn) {
      err.println();
      err.flush();
    }
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String formatSeconds(double s) {
    long t = (long) Math.ceil(s);
    return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
        : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
  }
}
