package dev.eddy.dashboards.swarm;

import java.util.ArrayList;
import java.util.List;

/** One channel as one recording saw it: who, when, what it moved, and its messages if they were recorded. */
final class RecordedChannel {
  final long local;
  long remote;
  String address = "(unknown)";
  /** The swarm ID's first 16 hex digits: what every event carries. */
  String swarmKey = "";
  long openedAt = Long.MIN_VALUE;
  long closedAt = Long.MIN_VALUE;
  long firstSeen = Long.MAX_VALUE;
  long lastSeen = Long.MIN_VALUE;
  boolean initiatedLocally;
  long chunkSize = 1024;
  String closeReason;
  long bytesSent;
  long bytesReceived;
  long chunksSent;
  long chunksReceived;
  long retransmitted;
  long spurious;
  long lossEpisodes;
  long timeouts;
  long dataChunksSent;
  long dataChunksReceived;
  long verifiedBytes;
  long integrityFailures;
  String integrityDetail;
  final MessageLog sent = new MessageLog();
  final MessageLog received = new MessageLog();
  /** Congestion samples: time, window, queuing delay, bytes in flight. */
  final List<long[]> congestion = new ArrayList<>();
  /** Verified chunk runs: time, bytes. */
  final List<long[]> verified = new ArrayList<>();

  RecordedChannel(long local) {
    this.local = local;
  }

  void seen(long at) {
    firstSeen = Math.min(firstSeen, at);
    lastSeen = Math.max(lastSeen, at);
  }

  boolean closed() {
    return closedAt != Long.MIN_VALUE;
  }

  /** Payload bytes this side sent: exact once closed, else what its DATA messages add up to. */
  long payloadSent() {
    return closed() ? bytesSent : dataChunksSent * chunkSize;
  }

  /** Payload bytes this side received: exact once closed, else verified chunks or DATA messages. */
  long payloadReceived() {
    return closed() ? bytesReceived : Math.max(verifiedBytes, dataChunksReceived * chunkSize);
  }

  /** Whether this side sent content: only such channels have a congestion window worth showing. */
  boolean sentData() {
    return payloadSent() > 0 || chunksSent > 0 || congestion.stream().anyMatch(s -> s[3] > 0);
  }
}
