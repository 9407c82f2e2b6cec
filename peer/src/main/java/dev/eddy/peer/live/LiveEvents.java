package dev.eddy.peer.live;

import dev.eddy.jfr.DiscardWindowAdvanceEvent;
import dev.eddy.jfr.LiveLagEvent;
import dev.eddy.jfr.SignatureEvent;
import dev.eddy.jfr.SignatureFailedEvent;
import dev.eddy.jfr.SignatureVerifiedEvent;
import dev.eddy.peer.merkle.Bin;
import java.net.InetSocketAddress;

/** The one place live streams emit flight recorder events: signatures checked, the window moving, lag. */
final class LiveEvents {
  private LiveEvents() {}

  static void signature(boolean verified, InetSocketAddress remote, SwarmKey key, long unit, String detail) {
    if (verified) {
      SignatureVerifiedEvent e = new SignatureVerifiedEvent();
      if (e.shouldCommit()) {
        commit(e, remote, key, unit);
      }
    } else {
      SignatureFailedEvent e = new SignatureFailedEvent();
      if (e.shouldCommit()) {
        e.detail = detail;
        commit(e, remote, key, unit);
      }
    }
  }

  /** Fills the fields both signature events share, then commits. */
  private static void commit(SignatureEvent e, InetSocketAddress remote, SwarmKey key, long unit) {
    e.remoteAddress = format(remote);
    e.swarmId = key.hex();
    e.chunkStart = Bin.firstChunk(unit);
    e.chunkEnd = Bin.lastChunk(unit);
    e.algorithm = key.algorithm().toString();
    e.commit();
  }

  static void windowAdvanced(String swarmId, long start, long end, long discarded, long skipped) {
    DiscardWindowAdvanceEvent e = new DiscardWindowAdvanceEvent();
    if (e.shouldCommit()) {
      e.swarmId = swarmId;
      e.windowStart = start;
      e.windowEnd = end;
      e.discarded = discarded;
      e.skipped = skipped;
      e.commit();
    }
  }

  static void lag(String swarmId, long newest, long next, int chunkSize) {
    LiveLagEvent e = new LiveLagEvent();
    if (e.shouldCommit()) {
      e.swarmId = swarmId;
      e.newestChunk = newest;
      e.nextChunk = next;
      e.lagChunks = Math.max(0, newest + 1 - next);
      e.lagBytes = e.lagChunks * chunkSize;
      e.commit();
    }
  }

  private static String format(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
