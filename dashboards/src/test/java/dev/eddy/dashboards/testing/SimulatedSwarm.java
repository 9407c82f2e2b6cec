package dev.eddy.dashboards.testing;

import dev.eddy.jfr.ChannelClosedEvent;
import dev.eddy.jfr.ChannelOpenedEvent;
import dev.eddy.jfr.ChokeEvent;
import dev.eddy.jfr.ChokeStateEvent;
import dev.eddy.jfr.CongestionStateEvent;
import dev.eddy.jfr.PeerStatisticsEvent;
import dev.eddy.jfr.PexContactEvent;
import dev.eddy.jfr.PpsppEvents;
import dev.eddy.jfr.UnchokeEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;

/**
 * A downloader's recording (ppspp.jfc's events: no per-message ones) in a swarm of six peers, each showing one
 * finding of its own: {@link #NEVER_UNCHOKES} choked us at once and never unchoked; {@link #LOSSY} lost a quarter of
 * the chunks we sent it while {@link #CLEAN} and {@link #CLOSED} lost about 1 %; {@link #DUPLICATES} sent us 40
 * chunks we held already; {@link #CHOKES_A_WHILE} choked us and then unchoked. The content has 200 chunks.
 */
public final class SimulatedSwarm {
  public static final String SWARM = "651258d87cf77ea7b3e5dd7833df8c70a306f1df";
  public static final String NEVER_UNCHOKES = "127.0.0.1:27001";
  public static final String LOSSY = "127.0.0.1:27002";
  public static final String DUPLICATES = "127.0.0.1:27003";
  public static final String CLEAN = "127.0.0.1:27004";
  public static final String CLOSED = "127.0.0.1:27005";
  public static final String CHOKES_A_WHILE = "127.0.0.1:27006";

  private SimulatedSwarm() {}

  public static Path record(Path file) throws IOException, InterruptedException {
    PpsppEvents.register();
    try (Recording recording = new Recording(dev.eddy.jfr.RecordingProfile.DEFAULT.configuration())) {
      recording.enable("jdk.ActiveSetting");
      recording.start();
      String[] peers = {NEVER_UNCHOKES, LOSSY, DUPLICATES, CLEAN, CLOSED, CHOKES_A_WHILE};
      for (int i = 0; i < peers.length; i++) {
        opened(peers[i], i + 1);
      }
      pex(NEVER_UNCHOKES, 1);
      choke(new ChokeEvent(), NEVER_UNCHOKES, 1);
      choke(new ChokeEvent(), CHOKES_A_WHILE, 6);
      Thread.sleep(30);
      choke(new UnchokeEvent(), CHOKES_A_WHILE, 6);
      for (int step = 1; step <= 3; step++) {
        // Periodic samples: cumulative, the last one counts.
        peer(NEVER_UNCHOKES, 1, 0, 0, 0, step * 10_000_000L);
        peer(LOSSY, 2, 100 * step, 50 * step, 0, 0);
        congestion(LOSSY, 2, 20 * step, 0);
        peer(DUPLICATES, 3, 0, 33 * step + (step == 3 ? 1 : 0), step == 3 ? 40 : 10 * step, 0);
        peer(CLEAN, 4, 100 * step, 60 * step, step == 3 ? 2 : 0, 0);
        congestion(CLEAN, 4, step, step == 3 ? 1 : 0);
        Thread.sleep(20);
      }
      dev.eddy.jfr.SwarmStatisticsEvent swarm = new dev.eddy.jfr.SwarmStatisticsEvent();
      swarm.swarmId = SWARM;
      swarm.peers = peers.length;
      swarm.chunksHeld = 200;
      swarm.chunksTotal = 200;
      swarm.progress = 1.0;
      swarm.commit();
      ChannelClosedEvent closed = new ChannelClosedEvent();
      closed.localChannel = 5;
      closed.remoteAddress = CLOSED;
      closed.swarmId = SWARM;
      closed.reason = "closed by peer";
      closed.detail = "";
      closed.chunksSent = 200;
      closed.bytesSent = 200L * 1024;
      closed.retransmittedChunks = 4;
      closed.commit();
      Thread.sleep(20);
      recording.stop();
      recording.dump(file);
    }
    return file;
  }

  private static void opened(String peer, long channel) {
    ChannelOpenedEvent e = new ChannelOpenedEvent();
    e.localChannel = channel;
    e.remoteChannel = channel + 100;
    e.remoteAddress = peer;
    e.swarmId = SWARM;
    e.initiatedLocally = true;
    e.protocolVersion = 1;
    e.chunkSize = 1024;
    e.commit();
  }

  private static void pex(String peer, long channel) {
    PexContactEvent e = new PexContactEvent();
    e.localChannel = channel;
    e.remoteAddress = peer;
    e.swarmId = SWARM;
    e.kind = "request sent";
    e.offeredAddress = "";
    e.verdict = "";
    e.tracker = true;
    e.commit();
  }

  private static void choke(ChokeStateEvent e, String peer, long channel) {
    e.localChannel = channel;
    e.remoteAddress = peer;
    e.swarmId = SWARM;
    e.byRemote = true;
    e.commit();
  }

  private static void peer(String peer, long channel, long chunksSent, long chunksReceived, long duplicates, long chokedNanos) {
    PeerStatisticsEvent e = new PeerStatisticsEvent();
    e.localChannel = channel;
    e.remoteAddress = peer;
    e.swarmId = SWARM;
    e.chunksSent = chunksSent;
    e.bytesSent = chunksSent * 1024;
    e.chunksReceived = chunksReceived;
    e.bytesReceived = chunksReceived * 1024;
    e.duplicateChunks = duplicates;
    e.chokedByRemoteTime = chokedNanos;
    e.chokedByRemote = chokedNanos > 0;
    e.contentShare = chunksReceived / 200.0;
    e.commit();
  }

  private static void congestion(String peer, long channel, long retransmitted, long spurious) {
    CongestionStateEvent e = new CongestionStateEvent();
    e.localChannel = channel;
    e.remoteAddress = peer;
    e.swarmId = SWARM;
    e.congestionWindow = 16 * 1024;
    e.retransmittedChunks = retransmitted;
    e.spuriousRetransmissions = spurious;
    e.commit();
  }
}
