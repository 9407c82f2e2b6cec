package dev.eddy.dashboards.testing;

import dev.eddy.jfr.ChannelClosedEvent;
import dev.eddy.jfr.ChannelOpenedEvent;
import dev.eddy.jfr.ChokeEvent;
import dev.eddy.jfr.ChunkVerifiedEvent;
import dev.eddy.jfr.CongestionStateEvent;
import dev.eddy.jfr.DatagramDroppedEvent;
import dev.eddy.jfr.IntegrityFailureEvent;
import dev.eddy.jfr.PeerMisbehaviourEvent;
import dev.eddy.jfr.MessageEvent;
import dev.eddy.jfr.MessageReceivedEvent;
import dev.eddy.jfr.MessageSentEvent;
import dev.eddy.jfr.PpsppEvents;
import dev.eddy.jfr.RetransmissionEvent;
import dev.eddy.jfr.SwarmIds;
import dev.eddy.jfr.SwarmStatisticsEvent;
import dev.eddy.jfr.UnchokeEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import jdk.jfr.Recording;

/**
 * Commits the events of a leecher's transfer from two seeders into a real recording, with known totals: until
 * the peer's {@code --record} exists, this is how the report is driven. Seeder A ({@link #SEEDER_A}) sends 60
 * chunks cleanly and closes; seeder B ({@link #SEEDER_B}) sends 40, chokes us for a while, fails integrity once,
 * and receives 10 chunks from us, 3 of them retransmitted (2 first attempts).
 */
public final class SimulatedTransfer {
  public static final String SWARM = "651258d87cf77ea7b3e5dd7833df8c70a306f1df";
  public static final String SEEDER_A = "127.0.0.1:26000";
  public static final String SEEDER_B = "127.0.0.1:26002";
  public static final long CHANNEL_A = 0x613e7deaL;
  public static final long CHANNEL_B = 0x7a11ce55L;
  public static final int CHUNK = 1024;

  private SimulatedTransfer() {}

  /** Records the transfer into {@code file}, with every Eddy event enabled except {@code disabled}. */
  public static Path record(Path file, Set<String> disabled) throws IOException, InterruptedException {
    PpsppEvents.register();
    try (Recording recording = new Recording()) {
      for (String type : new String[] {"dev.eddy.ppspp.ChannelOpened", "dev.eddy.ppspp.ChannelClosed",
          "dev.eddy.ppspp.MessageSent", "dev.eddy.ppspp.MessageReceived", "dev.eddy.ppspp.ChunkVerified",
          "dev.eddy.ppspp.IntegrityFailure", "dev.eddy.ppspp.PeerMisbehaviour", "dev.eddy.ppspp.Retransmission", "dev.eddy.ppspp.Choke",
          "dev.eddy.ppspp.Unchoke", "dev.eddy.ppspp.DatagramDropped", "dev.eddy.ppspp.SwarmStatistics",
          "dev.eddy.ppspp.CongestionState", "dev.eddy.ppspp.PeerStatistics", "dev.eddy.ppspp.PexContact",
          "dev.eddy.trace.MethodCall"}) {
        if (disabled.contains(type)) {
          recording.disable(type);
        } else {
          recording.enable(type).withThreshold(Duration.ZERO).withoutStackTrace();
        }
      }
      recording.enable("jdk.ActiveSetting");
      recording.start();
      transfer();
      recording.stop();
      recording.dump(file);
    }
    return file;
  }

  /** Records a live leecher's events into {@code file}: a signature verified and one failed, the window, the lag. */
  public static Path recordLive(Path file) throws IOException {
    PpsppEvents.register();
    String swarm = "0d" + "5a".repeat(64);
    try (Recording recording = new Recording()) {
      for (String type : new String[] {"dev.eddy.ppspp.SignatureVerified", "dev.eddy.ppspp.SignatureFailed",
          "dev.eddy.ppspp.DiscardWindowAdvance", "dev.eddy.ppspp.LiveLag"}) {
        recording.enable(type).withThreshold(Duration.ZERO).withoutStackTrace();
      }
      recording.start();
      dev.eddy.jfr.SignatureVerifiedEvent verified = new dev.eddy.jfr.SignatureVerifiedEvent();
      verified.remoteAddress = SEEDER_A;
      verified.swarmId = swarm;
      verified.chunkEnd = 31;
      verified.algorithm = "ECDSAP256SHA256";
      verified.commit();
      dev.eddy.jfr.SignatureFailedEvent failed = new dev.eddy.jfr.SignatureFailedEvent();
      failed.remoteAddress = SEEDER_A;
      failed.swarmId = swarm;
      failed.chunkStart = 32;
      failed.chunkEnd = 63;
      failed.algorithm = "ECDSAP256SHA256";
      failed.detail = "signature does not verify under the swarm's public key";
      failed.commit();
      dev.eddy.jfr.DiscardWindowAdvanceEvent window = new dev.eddy.jfr.DiscardWindowAdvanceEvent();
      window.swarmId = swarm;
      window.windowStart = 64;
      window.windowEnd = 319;
      window.discarded = 64;
      window.skipped = 32;
      window.commit();
      dev.eddy.jfr.LiveLagEvent lag = new dev.eddy.jfr.LiveLagEvent();
      lag.swarmId = swarm;
      lag.newestChunk = 319;
      lag.nextChunk = 300;
      lag.lagChunks = 20;
      lag.lagBytes = 20 * CHUNK;
      lag.commit();
      recording.stop();
      recording.dump(file);
    }
    return file;
  }

  private static void transfer() throws InterruptedException {
    opened(SEEDER_A, CHANNEL_A, 2_000_000);
    opened(SEEDER_B, CHANNEL_B, 5_000_000);
    message(new MessageSentEvent(), "HANDSHAKE", SEEDER_A, CHANNEL_A, -1, -1);
    message(new MessageSentEvent(), "HANDSHAKE", SEEDER_B, CHANNEL_B, -1, -1);
    message(new MessageReceivedEvent(), "HANDSHAKE", SEEDER_A, CHANNEL_A, -1, -1);
    message(new MessageReceivedEvent(), "HAVE", SEEDER_A, CHANNEL_A, 0, 99);
    message(new MessageReceivedEvent(), "HANDSHAKE", SEEDER_B, CHANNEL_B, -1, -1);
    message(new MessageSentEvent(), "REQUEST", SEEDER_A, CHANNEL_A, 0, 59);
    message(new MessageSentEvent(), "REQUEST", SEEDER_B, CHANNEL_B, 60, 99);
    choke(new ChokeEvent(), SEEDER_B, CHANNEL_B);
    for (int step = 0; step < 10; step++) {
      for (int i = 0; i < 6; i++) {
        receiveChunk(SEEDER_A, CHANNEL_A, step * 6 + i);
      }
      for (int i = 0; i < 4; i++) {
        receiveChunk(SEEDER_B, CHANNEL_B, 60 + step * 4 + i);
      }
      message(new MessageSentEvent(), "DATA", SEEDER_B, CHANNEL_B, step, step);
      if (step == 3) {
        choke(new UnchokeEvent(), SEEDER_B, CHANNEL_B);
      }
      if (step == 5 || step == 7) {
        retransmit(step, 1);
        message(new MessageSentEvent(), "DATA", SEEDER_B, CHANNEL_B, step, step);
      }
      if (step == 8) {
        retransmit(7, 2);
        message(new MessageSentEvent(), "DATA", SEEDER_B, CHANNEL_B, 7, 7);
      }
      statistics(step);
      congestion(step);
      traced("dev.eddy.peer.channel.Channel", "onDatagram", "returned", 1);
      Thread.sleep(15);
    }
    IntegrityFailureEvent failure = new IntegrityFailureEvent();
    failure.localChannel = CHANNEL_B;
    failure.remoteAddress = SEEDER_B;
    failure.swarmId = SWARM;
    failure.chunkStart = 99;
    failure.chunkEnd = 99;
    failure.detail = "computed 0a1b… expected 9f8e…";
    failure.commit();
    PeerMisbehaviourEvent misbehaviour = new PeerMisbehaviourEvent();
    misbehaviour.localChannel = CHANNEL_B;
    misbehaviour.remoteAddress = SEEDER_B;
    misbehaviour.swarmId = SWARM;
    misbehaviour.kind = "DATA never requested";
    misbehaviour.chunkStart = 100;
    misbehaviour.chunkEnd = 100;
    misbehaviour.commit();
    dropped("malformed", "truncated HAVE at offset 9", 11);
    dropped("malformed", "unknown message type 14", 20);
    dropped("malformed", "truncated REQUEST", 9);
    dropped("unknown channel", "channel 0badcafe", 40);
    dropped("unknown channel", "channel 0badcafe", 40);
    traced("dev.eddy.peer.storage.ChunkStore", "write", "threw", 3);
    ChannelClosedEvent closed = new ChannelClosedEvent();
    closed.localChannel = CHANNEL_A;
    closed.remoteChannel = 0x611fcaaeL;
    closed.remoteAddress = SEEDER_A;
    closed.swarmId = SWARM;
    closed.reason = "closed by peer";
    closed.bytesSent = 0;
    closed.bytesReceived = 60L * CHUNK;
    closed.chunksSent = 0;
    closed.chunksReceived = 60;
    closed.lifetime = 200_000_000;
    closed.commit();
  }

  private static void receiveChunk(String peer, long channel, long chunk) {
    message(new MessageReceivedEvent(), "INTEGRITY", peer, channel, chunk, chunk);
    message(new MessageReceivedEvent(), "DATA", peer, channel, chunk, chunk);
    ChunkVerifiedEvent verified = new ChunkVerifiedEvent();
    verified.localChannel = channel;
    verified.remoteAddress = peer;
    verified.swarmId = SwarmIds.abbreviate(SWARM); // abbreviated, as the peer writes it
    verified.chunkStart = chunk;
    verified.chunkEnd = chunk;
    verified.bytes = CHUNK;
    verified.commit();
    message(new MessageSentEvent(), "ACK", peer, channel, chunk, chunk);
  }

  private static void opened(String peer, long channel, long handshakeNanos) {
    ChannelOpenedEvent e = new ChannelOpenedEvent();
    e.localChannel = channel;
    e.remoteChannel = channel ^ 0xffff;
    e.remoteAddress = peer;
    e.swarmId = SWARM;
    e.initiatedLocally = true;
    e.protocolVersion = 1;
    e.contentIntegrity = "Merkle hash tree (1)";
    e.merkleHashFunction = "SHA-1 (0)";
    e.chunkAddressing = "32-bit chunk ranges (2)";
    e.chunkSize = CHUNK;
    e.handshakeTime = handshakeNanos;
    e.commit();
  }

  private static void message(MessageEvent e, String type, String peer, long channel, long start, long end) {
    e.messageType = type;
    e.localChannel = channel;
    e.remoteChannel = channel ^ 0xffff;
    e.remoteAddress = peer;
    e.swarmId = SwarmIds.abbreviate(SWARM); // as the peer writes per-message events
    e.chunkStart = start;
    e.chunkEnd = end;
    e.datagramBytes = type.equals("DATA") ? CHUNK + 21 : 40;
    e.commit();
  }

  private static void choke(jdk.jfr.Event e, String peer, long channel) {
    if (e instanceof ChokeEvent c) {
      c.localChannel = channel;
      c.remoteAddress = peer;
      c.swarmId = SWARM;
      c.byRemote = true;
    } else if (e instanceof UnchokeEvent u) {
      u.localChannel = channel;
      u.remoteAddress = peer;
      u.swarmId = SWARM;
      u.byRemote = true;
    }
    e.commit();
  }

  private static void retransmit(long chunk, int attempt) {
    RetransmissionEvent e = new RetransmissionEvent();
    e.localChannel = CHANNEL_B;
    e.remoteAddress = SEEDER_B;
    e.swarmId = SWARM;
    e.chunkStart = chunk;
    e.chunkEnd = chunk;
    e.attempt = attempt;
    e.timeout = 250_000_000;
    e.commit();
  }

  private static void statistics(int step) {
    SwarmStatisticsEvent e = new SwarmStatisticsEvent();
    e.swarmId = SWARM;
    e.peers = 2;
    e.chunksHeld = (step + 1) * 10L;
    e.chunksTotal = 100;
    e.progress = (step + 1) / 10.0;
    e.bytesUploaded = (step + 1) * (long) CHUNK;
    e.bytesDownloaded = (step + 1) * 10L * CHUNK;
    e.uploadRate = 64 * 1024;
    e.downloadRate = (step + 1) * 100L * 1024;
    e.commit();
  }

  private static void congestion(int step) {
    CongestionStateEvent e = new CongestionStateEvent();
    e.localChannel = CHANNEL_B;
    e.remoteAddress = SEEDER_B;
    e.swarmId = SWARM;
    e.congestionWindow = (step + 2) * 4L * CHUNK;
    e.baseDelay = 40_000;
    e.queuingDelay = step * 500_000L;
    e.roundTripTime = 200_000;
    e.bytesInFlight = 3L * CHUNK;
    e.commit();
  }

  private static void dropped(String reason, String detail, long bytes) {
    DatagramDroppedEvent e = new DatagramDroppedEvent();
    e.reason = reason;
    e.detail = detail;
    e.remoteAddress = "127.0.0.1:40000";
    e.datagramBytes = bytes;
    e.commit();
  }

  private static void traced(String cls, String method, String outcome, long millis) throws InterruptedException {
    TracedCallEvent e = new TracedCallEvent();
    e.begin();
    Thread.sleep(millis);
    e.declaringClass = cls;
    e.method = method;
    e.outcome = outcome;
    e.commit();
  }
}
