package dev.eddy.peer.jfr;

import dev.eddy.jfr.ChannelClosedEvent;
import dev.eddy.jfr.ChannelOpenedEvent;
import dev.eddy.jfr.ChokeEvent;
import dev.eddy.jfr.ChokeStateEvent;
import dev.eddy.jfr.ChunkVerifiedEvent;
import dev.eddy.jfr.CongestionSnapshot;
import dev.eddy.jfr.DatagramDroppedEvent;
import dev.eddy.jfr.IntegrityFailureEvent;
import dev.eddy.jfr.MessageEvent;
import dev.eddy.jfr.MessageReceivedEvent;
import dev.eddy.jfr.MessageSentEvent;
import dev.eddy.jfr.PeerMisbehaviourEvent;
import dev.eddy.jfr.PeerSnapshot;
import dev.eddy.jfr.PeriodicEvents;
import dev.eddy.jfr.PexContactEvent;
import dev.eddy.jfr.PpsppEvents;
import dev.eddy.jfr.RetransmissionEvent;
import dev.eddy.jfr.SwarmSnapshot;
import dev.eddy.jfr.UnchokeEvent;
import dev.eddy.peer.observe.ChannelRef;
import dev.eddy.peer.observe.ChannelTotals;
import dev.eddy.peer.observe.CloseReason;
import dev.eddy.peer.observe.CongestionStats;
import dev.eddy.peer.observe.DropReason;
import dev.eddy.peer.observe.Misbehaviour;
import dev.eddy.peer.observe.NegotiatedOptions;
import dev.eddy.peer.observe.PeerObserver;
import dev.eddy.peer.observe.PeerStats;
import dev.eddy.peer.observe.PexContact;
import dev.eddy.peer.observe.PeerStatsSource;
import dev.eddy.peer.observe.SwarmStats;
import dev.eddy.peer.wire.ChunkAddressing;
import dev.eddy.peer.wire.ContentIntegrity;
import dev.eddy.peer.wire.MerkleHashFunction;
import java.net.InetSocketAddress;
import java.util.List;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Turns the peer's observations into {@code dev.eddy.ppspp.*} flight recorder events. Installed in every
 * peer through {@code META-INF/services}; costs nothing while no recording enables the events: the
 * per-message calls are skipped by the data path unless {@link #observesMessages()} (a read of JFR's
 * enabled flags, no allocation), and every other event fills its fields only after {@code shouldCommit()}.
 */
public final class JfrPeerObserver implements PeerObserver {
  private final ChannelStrings strings = new ChannelStrings();
  private final FlightRecorderListener recorderStarts =
      new FlightRecorderListener() {
        @Override
        public void recorderInitialized(FlightRecorder recorder) {
          onRecorderInitialized();
        }
      };
  /** The open run of verified chunks (see {@link #onChunkVerified}); touched on the event loop only. */
  private ChunkVerifiedEvent verifiedRun;
  private ChannelRef verifiedRunChannel;
  private PeerStatsSource stats;
  private PeriodicEvents periodic;
  /**
   * Set once the flight recorder is up. Until then no event can be enabled, and touching an event class
   * would initialise JFR's machinery (some 100 classes, 0.2 s of a cold JVM) on the first datagram.
   */
  private volatile boolean recorderUp;

  @Override
  public boolean observesMessages() {
    return recorderUp && (MessageSentEvent.isOn() || MessageReceivedEvent.isOn());
  }

  @Override
  public void onMessageReceived(ChannelRef channel, String type, long chunkStart, long chunkEnd, int datagramBytes) {
    if (MessageReceivedEvent.isOn()) {
      commitMessage(new MessageReceivedEvent(), channel, type, chunkStart, chunkEnd, datagramBytes);
    }
  }

  @Override
  public void onMessageSent(ChannelRef channel, String type, long chunkStart, long chunkEnd, int datagramBytes) {
    if (MessageSentEvent.isOn()) {
      commitMessage(new MessageSentEvent(), channel, type, chunkStart, chunkEnd, datagramBytes);
    }
  }

  private void commitMessage(MessageEvent e, ChannelRef channel, String type, long chunkStart, long chunkEnd, int datagramBytes) {
    e.messageType = type;
    e.localChannel = channel.localChannel();
    e.remoteChannel = channel.remoteChannel();
    e.remoteAddress = strings.address(channel);
    e.swarmId = strings.abbreviatedSwarmId(channel);
    e.chunkStart = chunkStart;
    e.chunkEnd = chunkEnd;
    e.datagramBytes = datagramBytes;
    e.commit();
  }

  @Override
  public void onDatagramDropped(DropReason reason, String detail, InetSocketAddress peer, int bytes) {
    if (!recorderUp) {
      return;
    }
    DatagramDroppedEvent e = new DatagramDroppedEvent();
    if (e.shouldCommit()) {
      e.reason = reason.label();
      e.detail = detail;
      e.remoteAddress = ChannelStrings.format(peer);
      e.datagramBytes = bytes;
      e.commit();
    }
  }

  @Override
  public void onChannelOpened(ChannelRef channel, NegotiatedOptions options, long handshakeNanos, boolean initiatedLocally) {
    if (!recorderUp) {
      return;
    }
    ChannelOpenedEvent e = new ChannelOpenedEvent();
    if (e.shouldCommit()) {
      e.localChannel = channel.localChannel();
      e.remoteChannel = channel.remoteChannel();
      e.remoteAddress = strings.address(channel);
      e.swarmId = channel.swarmId();
      e.initiatedLocally = initiatedLocally;
      e.protocolVersion = options.version();
      e.contentIntegrity = named(ContentIntegrity.of(options.contentIntegrity()), options.contentIntegrity());
      e.merkleHashFunction = named(MerkleHashFunction.of(options.hashFunction()), options.hashFunction());
      e.chunkAddressing = named(ChunkAddressing.of(options.chunkAddressing()), options.chunkAddressing());
      e.chunkSize = options.chunkSize();
      e.handshakeTime = handshakeNanos;
      e.commit();
    }
  }

  /** "merkle (1)": the peer's own name for the option value, and the code as on the wire. */
  private static String named(Object option, int code) {
    return option + " (" + code + ")";
  }

  @Override
  public void onChannelClosed(ChannelRef channel, CloseReason reason, String detail, ChannelTotals totals) {
    if (!recorderUp) {
      return;
    }
    if (channel == verifiedRunChannel) {
      commitVerifiedRun(); // before the close, as it happened
    }
    ChannelClosedEvent e = new ChannelClosedEvent();
    if (e.shouldCommit()) {
      e.localChannel = channel.localChannel();
      e.remoteChannel = channel.remoteChannel();
      e.remoteAddress = strings.address(channel);
      e.swarmId = channel.swarmId();
      e.reason = reason.label();
      e.detail = detail;
      e.bytesSent = totals.bytesSent();
      e.bytesReceived = totals.bytesReceived();
      e.chunksSent = totals.chunksSent();
      e.chunksReceived = totals.chunksReceived();
      e.duplicateChunks = totals.duplicateChunks();
      e.chokedByRemoteTime = totals.chokedByRemoteNanos();
      e.chokedByUsTime = totals.chokedByUsNanos();
      e.lifetime = totals.lifetimeNanos();
      e.retransmittedChunks = totals.loss().retransmittedChunks();
      e.spuriousRetransmissions = totals.loss().spuriousRetransmissions();
      e.lossEpisodes = totals.loss().episodes();
      e.retransmissionTimeouts = totals.loss().timeouts();
      e.commit();
    }
  }

  /**
   * Chunks verified one after another on one channel within one read batch become one event, spanning
   * the first chunk's verification to the last's: a downloader verifies up to ~70,000 chunks a second, and
   * an event per chunk cost about 0.2 s of a recorded 256 MiB transfer (BENCHMARKS.md). The range stays exact;
   * a gap, another channel, the batch's end or the channel's close ends the run.
   */
  @Override
  public void onChunkVerified(ChannelRef channel, long chunkStart, long chunkEnd, int bytes) {
    if (!recorderUp || !ChunkVerifiedEvent.isOn()) {
      return;
    }
    ChunkVerifiedEvent run = verifiedRun;
    if (run != null && channel == verifiedRunChannel && chunkStart == run.chunkEnd + 1) {
      run.chunkEnd = chunkEnd;
      run.bytes += bytes;
      run.end();
      return;
    }
    commitVerifiedRun();
    run = new ChunkVerifiedEvent();
    run.begin();
    run.localChannel = channel.localChannel();
    run.remoteAddress = strings.address(channel);
    run.swarmId = strings.abbreviatedSwarmId(channel);
    run.chunkStart = chunkStart;
    run.chunkEnd = chunkEnd;
    run.bytes = bytes;
    run.end();
    verifiedRun = run;
    verifiedRunChannel = channel;
  }

  @Override
  public void onReadBatchComplete() {
    commitVerifiedRun();
  }

  private void commitVerifiedRun() {
    if (verifiedRun != null) {
      verifiedRun.commit();
      verifiedRun = null;
      verifiedRunChannel = null;
    }
  }

  @Override
  public void onIntegrityFailure(ChannelRef channel, long chunkStart, long chunkEnd, String detail) {
    if (!recorderUp) {
      return;
    }
    IntegrityFailureEvent e = new IntegrityFailureEvent();
    if (e.shouldCommit()) {
      e.localChannel = channel.localChannel();
      e.remoteAddress = strings.address(channel);
      e.swarmId = channel.swarmId();
      e.chunkStart = chunkStart;
      e.chunkEnd = chunkEnd;
      e.detail = detail;
      e.commit();
    }
  }

  @Override
  public void onMisbehaviour(ChannelRef channel, Misbehaviour kind, long chunkStart, long chunkEnd) {
    if (!recorderUp) {
      return;
    }
    PeerMisbehaviourEvent e = new PeerMisbehaviourEvent();
    if (e.shouldCommit()) {
      e.localChannel = channel.localChannel();
      e.remoteAddress = strings.address(channel);
      e.swarmId = channel.swarmId();
      e.kind = kind.label();
      e.chunkStart = chunkStart;
      e.chunkEnd = chunkEnd;
      e.commit();
    }
  }

  @Override
  public void onRetransmission(ChannelRef channel, long chunkStart, long chunkEnd, int attempt, long rtoNanos) {
    if (!recorderUp) {
      return;
    }
    RetransmissionEvent e = new RetransmissionEvent();
    if (e.shouldCommit()) {
      e.localChannel = channel.localChannel();
      e.remoteAddress = strings.address(channel);
      e.swarmId = channel.swarmId();
      e.chunkStart = chunkStart;
      e.chunkEnd = chunkEnd;
      e.attempt = attempt;
      e.timeout = rtoNanos;
      e.commit();
    }
  }

  @Override
  public void onChokeChanged(ChannelRef channel, boolean choked, boolean byRemote) {
    if (!recorderUp) {
      return;
    }
    ChokeStateEvent e = choked ? new ChokeEvent() : new UnchokeEvent();
    if (e.shouldCommit()) {
      e.localChannel = channel.localChannel();
      e.remoteAddress = strings.address(channel);
      e.swarmId = channel.swarmId();
      e.byRemote = byRemote;
      e.commit();
    }
  }

  @Override
  public void onPexContact(ChannelRef channel, PexContact contact) {
    if (!recorderUp) {
      return;
    }
    PexContactEvent e = new PexContactEvent();
    if (e.shouldCommit()) {
      e.localChannel = channel.localChannel();
      e.remoteAddress = strings.address(channel);
      e.swarmId = channel.swarmId();
      e.kind = contact.kind().label();
      e.offeredAddress = ChannelStrings.format(contact.offered());
      e.peersNamed = contact.peersNamed();
      e.verdict = contact.verdict();
      e.tracker = contact.tracker();
      e.commit();
    }
  }

  /**
   * Registers our event types and the periodic statistics once the flight recorder starts (now, if a
   * recording already runs; or later from {@code jcmd JFR.start}): a peer nobody records never initialises
   * the recorder, which costs about a quarter of a CPU second at startup.
   */
  @Override
  public void onPeerStarted(PeerStatsSource stats) {
    synchronized (this) {
      this.stats = stats;
    }
    // Outside our lock: the recorder calls the listener holding its own lock (from jcmd's thread, say).
    FlightRecorder.addListener(recorderStarts);
  }

  @Override
  public void onPeerStopped() {
    FlightRecorder.removeListener(recorderStarts);
    synchronized (this) {
      stats = null;
      if (periodic != null) {
        periodic.commitNow();
        periodic.close();
        periodic = null;
      }
    }
  }

  private synchronized void onRecorderInitialized() {
    recorderUp = true;
    if (stats != null && periodic == null) {
      PeerStatsSource source = stats;
      PpsppEvents.register();
      periodic = PeriodicEvents.install(() -> swarmSnapshots(source.swarms()), () -> congestionSnapshots(source.channels()),
          () -> peerSnapshots(source.peers()));
    }
  }

  private static List<SwarmSnapshot> swarmSnapshots(List<SwarmStats> swarms) {
    return swarms.stream()
        .map(s -> new SwarmSnapshot(
            s.swarmId(), s.peers(), s.chunksHeld(), s.chunksTotal(), s.bytesUploaded(), s.bytesDownloaded(),
            Math.round(s.uploadBytesPerSecond()), Math.round(s.downloadBytesPerSecond())))
        .toList();
  }

  private List<CongestionSnapshot> congestionSnapshots(List<CongestionStats> channels) {
    return channels.stream()
        .map(c -> new CongestionSnapshot(
            c.channel().localChannel(), strings.address(c.channel()), c.channel().swarmId(), c.cwndBytes(),
            c.baseDelayMicros() * 1_000, c.queuingDelayMicros() * 1_000, c.rttMicros() * 1_000, c.bytesInFlight(),
            c.loss().retransmittedChunks(), c.loss().spuriousRetransmissions(), c.loss().episodes(), c.loss().timeouts()))
        .toList();
  }

  private List<PeerSnapshot> peerSnapshots(List<PeerStats> peers) {
    return peers.stream()
        .map(p -> {
          ChannelTotals t = p.totals();
          return new PeerSnapshot(p.channel().localChannel(), strings.address(p.channel()), p.channel().swarmId(), t.bytesSent(),
              t.bytesReceived(), t.chunksSent(), t.chunksReceived(), t.duplicateChunks(), t.chokedByRemoteNanos(), t.chokedByUsNanos(),
              p.chokedByRemote(), p.chokingRemote(), p.contentShare());
        })
        .toList();
  }
}
