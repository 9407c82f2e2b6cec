package dev.eddy.jfr;

/** One committed instance of every event, with distinctive values the tests look for. */
final class Samples {
  static final String SWARM = "e5a12c7ad2d8fab33c699d1e198d66f79fa610c3";
  static final String PEER = "127.0.0.1:7777";

  private Samples() {}

  static void commitOneOfEach() {
    MessageSentEvent sent = new MessageSentEvent();
    if (sent.shouldCommit()) {
      fill(sent, "DATA", 16, 16, 1060);
      sent.commit();
    }
    MessageReceivedEvent received = new MessageReceivedEvent();
    if (received.shouldCommit()) {
      fill(received, "ACK", 0, 31, 30);
      received.commit();
    }

    DatagramDroppedEvent dropped = new DatagramDroppedEvent();
    dropped.reason = "malformed";
    dropped.detail = "truncated HAVE at offset 4";
    dropped.remoteAddress = PEER;
    dropped.datagramBytes = 7;
    dropped.commit();

    ChannelOpenedEvent opened = new ChannelOpenedEvent();
    opened.localChannel = 0xfedcba98L;
    opened.remoteChannel = 0x80000001L;
    opened.remoteAddress = PEER;
    opened.swarmId = SWARM;
    opened.initiatedLocally = true;
    opened.protocolVersion = 1;
    opened.contentIntegrity = "Merkle hash tree (1)";
    opened.merkleHashFunction = "SHA-1 (0)";
    opened.chunkAddressing = "32-bit chunk ranges (2)";
    opened.chunkSize = 1024;
    opened.handshakeTime = 3_000_000;
    opened.commit();

    ChunkVerifiedEvent verified = new ChunkVerifiedEvent();
    if (verified.shouldCommit()) {
      verified.localChannel = 0xfedcba98L;
      verified.remoteAddress = PEER;
      verified.swarmId = SwarmIds.abbreviate(SWARM);
      verified.chunkStart = 16;
      verified.chunkEnd = 16;
      verified.bytes = 1024;
      verified.commit();
    }

    PeerMisbehaviourEvent misbehaviour = new PeerMisbehaviourEvent();
    misbehaviour.localChannel = 0xfedcba98L;
    misbehaviour.remoteAddress = PEER;
    misbehaviour.swarmId = SWARM;
    misbehaviour.kind = "DATA never requested";
    misbehaviour.chunkStart = 18;
    misbehaviour.chunkEnd = 18;
    misbehaviour.commit();

    IntegrityFailureEvent failure = new IntegrityFailureEvent();
    failure.localChannel = 0xfedcba98L;
    failure.remoteAddress = PEER;
    failure.swarmId = SWARM;
    failure.chunkStart = 17;
    failure.chunkEnd = 17;
    failure.detail = "hash 0a1b… expected 9f8e…";
    failure.commit();

    RetransmissionEvent retransmission = new RetransmissionEvent();
    retransmission.localChannel = 0xfedcba98L;
    retransmission.remoteAddress = PEER;
    retransmission.swarmId = SWARM;
    retransmission.chunkStart = 20;
    retransmission.chunkEnd = 23;
    retransmission.attempt = 2;
    retransmission.timeout = 250_000_000;
    retransmission.commit();

    ChokeEvent choke = new ChokeEvent();
    choke.localChannel = 0xfedcba98L;
    choke.remoteAddress = PEER;
    choke.swarmId = SWARM;
    choke.byRemote = true;
    choke.commit();
    UnchokeEvent unchoke = new UnchokeEvent();
    unchoke.localChannel = 0xfedcba98L;
    unchoke.remoteAddress = PEER;
    unchoke.swarmId = SWARM;
    unchoke.byRemote = false;
    unchoke.commit();

    ChannelClosedEvent closed = new ChannelClosedEvent();
    closed.localChannel = 0xfedcba98L;
    closed.remoteChannel = 0x80000001L;
    closed.remoteAddress = PEER;
    closed.swarmId = SWARM;
    closed.reason = "closed by peer";
    closed.detail = "";
    closed.bytesSent = 0;
    closed.bytesReceived = 1 << 20;
    closed.chunksSent = 0;
    closed.chunksReceived = 1024;
    closed.duplicateChunks = 3;
    closed.chokedByRemoteTime = 500_000_000L;
    closed.lifetime = 2_000_000_000L;
    closed.commit();

    PexContactEvent pex = new PexContactEvent();
    pex.localChannel = 0xfedcba98L;
    pex.remoteAddress = PEER;
    pex.swarmId = SWARM;
    pex.kind = "peer offered";
    pex.offeredAddress = "127.0.0.1:7802";
    pex.verdict = "accepted";
    pex.tracker = true;
    pex.commit();

    PeerStatisticsEvent peer = new PeerStatisticsEvent();
    peer.localChannel = 0xfedcba98L;
    peer.remoteAddress = PEER;
    peer.swarmId = SWARM;
    peer.bytesReceived = 256 * 1024;
    peer.chunksReceived = 256;
    peer.duplicateChunks = 2;
    peer.chokedByRemoteTime = 1_500_000_000L;
    peer.chokedByRemote = true;
    peer.contentShare = 0.25;
    peer.commit();

    SwarmStatisticsEvent swarm = new SwarmStatisticsEvent();
    swarm.swarmId = SWARM;
    swarm.peers = 1;
    swarm.chunksHeld = 256;
    swarm.chunksTotal = 1024;
    swarm.progress = 0.25;
    swarm.bytesDownloaded = 256 * 1024;
    swarm.downloadRate = 5_000_000;
    swarm.commit();

    CongestionStateEvent congestion = new CongestionStateEvent();
    congestion.localChannel = 0xfedcba98L;
    congestion.remoteAddress = PEER;
    congestion.swarmId = SWARM;
    congestion.congestionWindow = 64 * 1024;
    congestion.baseDelay = 40_000;
    congestion.queuingDelay = 25_000_000;
    congestion.roundTripTime = 100_000;
    congestion.bytesInFlight = 32 * 1024;
    congestion.commit();

    SignatureVerifiedEvent signatureVerified = new SignatureVerifiedEvent();
    signatureVerified.remoteAddress = PEER;
    signatureVerified.swarmId = LIVE_SWARM;
    signatureVerified.chunkStart = 32;
    signatureVerified.chunkEnd = 63;
    signatureVerified.algorithm = "ECDSAP256SHA256";
    signatureVerified.commit();

    SignatureFailedEvent signatureFailed = new SignatureFailedEvent();
    signatureFailed.remoteAddress = PEER;
    signatureFailed.swarmId = LIVE_SWARM;
    signatureFailed.chunkStart = 64;
    signatureFailed.chunkEnd = 95;
    signatureFailed.algorithm = "ECDSAP256SHA256";
    signatureFailed.detail = "signature does not verify under the swarm's public key";
    signatureFailed.commit();

    DiscardWindowAdvanceEvent window = new DiscardWindowAdvanceEvent();
    window.swarmId = LIVE_SWARM;
    window.windowStart = 100;
    window.windowEnd = 355;
    window.discarded = 4;
    window.skipped = 1;
    window.commit();

    LiveLagEvent lag = new LiveLagEvent();
    lag.swarmId = LIVE_SWARM;
    lag.newestChunk = 355;
    lag.nextChunk = 300;
    lag.lagChunks = 56;
    lag.lagBytes = 56 * 1024;
    lag.commit();
  }

  /** A live swarm ID: ECDSA P-256 (DNSSEC algorithm 13), then the point's X and Y. */
  static final String LIVE_SWARM = "0d" + "5a".repeat(64);

  private static void fill(MessageEvent e, String type, long start, long end, int bytes) {
    e.messageType = type;
    e.localChannel = 0xfedcba98L;
    e.remoteChannel = 0x80000001L;
    e.remoteAddress = PEER;
    e.swarmId = SwarmIds.abbreviate(SWARM);
    e.chunkStart = start;
    e.chunkEnd = end;
    e.datagramBytes = bytes;
  }
}
