package dev.eddy.dashboards.swarm;

import static dev.eddy.dashboards.analysis.EventTypes.*;

import dev.eddy.dashboards.analysis.RecordedMessage;
import dev.eddy.dashboards.analysis.RecordingAnalyzer;
import dev.eddy.dashboards.analysis.Report;
import dev.eddy.jfr.SwarmIds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;

/**
 * One recording read as one peer of the swarm: its channels with their IDs, totals and messages, its progress,
 * choke and PEX events, and its machine's CPU load and GC pauses. Fed every event of the single pass that also
 * builds the recording's own {@link Report}.
 */
final class RecordedPeer implements RecordingAnalyzer.Listener {
  final String name;
  final Path file;
  Report report;
  final Map<Long, RecordedChannel> channels = new TreeMap<>();
  /** Opening handshakes received before a channel had a local ID, by the initiator's channel ID. */
  private final Map<Long, MessageLog> openings = new HashMap<>();
  /** Progress samples per abbreviated swarm ID: time, percent. */
  final Map<String, List<double[]>> progress = new TreeMap<>();
  final Map<String, String> fullSwarmIds = new HashMap<>();
  /** Choke changes: time, local channel, 1 choke / 0 unchoke, 1 by the remote / 0 by us. */
  final List<long[]> chokes = new ArrayList<>();
  /** Machine CPU load samples: time, load (0..1). */
  final List<double[]> cpu = new ArrayList<>();
  long gcPauseNanos;
  /** The peer's I/O loop thread, as the transport names it: blocked there, the peer neither reads nor sends. */
  static final String IO_LOOP_THREAD = "eddy-udp-";
  /** The JDK's events for blocking calls (recorded above 20 ms by the default settings), in words. */
  private static final Map<String, String> BLOCKING = Map.of("jdk.ThreadSleep", "Thread.sleep",
      "jdk.JavaMonitorEnter", "waiting for a lock", "jdk.JavaMonitorWait", "Object.wait", "jdk.ThreadPark",
      "parked (waiting for a lock or a future)", "jdk.FileRead", "file reads", "jdk.FileWrite", "file writes",
      "jdk.FileForce", "file syncs");
  /** A blocking call on the I/O loop: when it began, how long, and what it was. */
  record Blocked(long at, long nanos, String what) {}

  final List<Blocked> loopBlocked = new ArrayList<>();
  /** Consecutive events mostly concern one channel: spares boxing its ID for every lookup. */
  private RecordedChannel lastChannel;
  long messageEvents;

  RecordedPeer(String name, Path file) {
    this.name = name;
    this.file = file;
  }

  long start() {
    return RecordingAnalyzer.epochNanos(report.start());
  }

  long end() {
    return RecordingAnalyzer.epochNanos(report.end());
  }

  boolean messagesRecorded() {
    return report.missing().stream().noneMatch(m -> m.eventTypes().contains(MESSAGE_SENT));
  }

  private RecordedChannel channel(RecordedEvent e, long at) {
    return channel(e.getLong("localChannel"), e.getString("remoteAddress"), e.getString("swarmId"), at);
  }

  private RecordedChannel channel(long local, String address, String swarmId, long at) {
    RecordedChannel c = lastChannel != null && lastChannel.local == local ? lastChannel
        : channels.computeIfAbsent(local, RecordedChannel::new);
    lastChannel = c;
    c.seen(at);
    if (c.address.equals("(unknown)") && address != null) {
      c.address = address;
    }
    if (c.swarmKey.isEmpty() && swarmId != null) {
      c.swarmKey = swarmKey(swarmId);
    }
    return c;
  }

  private String swarmKey(String id) {
    String key = SwarmIds.abbreviate(id);
    if (!key.equals(id)) {
      fullSwarmIds.put(key, id);
    }
    return key;
  }

  @Override
  public void onEvent(RecordedEvent e) {
    String type = e.getEventType().getName();
    long at = RecordingAnalyzer.epochNanos(e.getEndTime());
    switch (type) {
      case CHANNEL_OPENED -> {
        RecordedChannel c = channel(e, at);
        c.remote = e.getLong("remoteChannel");
        c.openedAt = at;
        c.initiatedLocally = e.getBoolean("initiatedLocally");
        c.chunkSize = e.getLong("chunkSize");
      }
      case CHANNEL_CLOSED -> {
        RecordedChannel c = channel(e, at);
        if (c.remote == 0) {
          c.remote = e.getLong("remoteChannel");
        }
        c.closedAt = at;
        c.closeReason = e.getString("reason");
        c.bytesSent = e.getLong("bytesSent");
        c.bytesReceived = e.getLong("bytesReceived");
        c.chunksSent = e.getLong("chunksSent");
        c.chunksReceived = e.getLong("chunksReceived");
        c.retransmitted = Math.max(c.retransmitted, e.getLong("retransmittedChunks"));
        c.spurious = Math.max(c.spurious, e.getLong("spuriousRetransmissions"));
        c.lossEpisodes = Math.max(c.lossEpisodes, e.getLong("lossEpisodes"));
        c.timeouts = Math.max(c.timeouts, e.getLong("retransmissionTimeouts"));
      }
      case CONGESTION_STATE -> {
        RecordedChannel c = channel(e, at);
        c.congestion.add(new long[] {at, e.getLong("congestionWindow"), e.getDuration("queuingDelay").toNanos(),
            e.getLong("bytesInFlight")});
        c.retransmitted = Math.max(c.retransmitted, e.getLong("retransmittedChunks"));
        c.spurious = Math.max(c.spurious, e.getLong("spuriousRetransmissions"));
        c.lossEpisodes = Math.max(c.lossEpisodes, e.getLong("lossEpisodes"));
        c.timeouts = Math.max(c.timeouts, e.getLong("retransmissionTimeouts"));
      }
      case CHUNK_VERIFIED -> {
        RecordedChannel c = channel(e, at);
        c.verifiedBytes += e.getLong("bytes");
        c.verified.add(new long[] {at, e.getLong("bytes")});
      }
      case INTEGRITY_FAILURE -> {
        RecordedChannel c = channel(e, at);
        c.integrityFailures++;
        if (c.integrityDetail == null) {
          c.integrityDetail = e.getString("detail");
        }
      }
      case CHOKE, UNCHOKE -> {
        RecordedChannel c = channel(e, at);
        chokes.add(new long[] {at, c.local, type.equals(CHOKE) ? 1 : 0, e.getBoolean("byRemote") ? 1 : 0});
      }
      case SWARM_STATISTICS -> progress.computeIfAbsent(swarmKey(e.getString("swarmId")), k -> new ArrayList<>())
          .add(new double[] {at, 100 * e.getDouble("progress")});
      case "jdk.CPULoad" -> cpu.add(new double[] {at, e.getFloat("machineTotal")});
      case "jdk.GarbageCollection" -> gcPauseNanos += e.getDuration("sumOfPauses").toNanos();
      case "jdk.ThreadSleep", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.ThreadPark", "jdk.FileRead",
          "jdk.FileWrite", "jdk.FileForce" -> {
        if (e.getThread() != null && e.getThread().getJavaName() != null
            && e.getThread().getJavaName().startsWith(IO_LOOP_THREAD)) {
          loopBlocked.add(new Blocked(RecordingAnalyzer.epochNanos(e.getStartTime()), e.getDuration().toNanos(),
              BLOCKING.get(type)));
        }
      }
      default -> { }
    }
  }

  @Override
  public void onMessage(RecordedMessage m) {
    messageEvents++;
    MessageKind kind = MessageKind.of(m.type());
    long at = m.endNanos();
    if (m.localChannel() == 0) {
      // An opening handshake before our channel existed: filed under the initiator's channel ID.
      if (!m.sent()) {
        openings.computeIfAbsent(m.remoteChannel(), id -> new MessageLog()).add(at, kind, m.chunkStart(), m.chunkEnd());
      }
      return;
    }
    RecordedChannel c = channel(m.localChannel(), m.remoteAddress(), m.swarmId(), at);
    if (c.remote == 0) {
      c.remote = m.remoteChannel();
    }
    (m.sent() ? c.sent : c.received).add(at, kind, m.chunkStart(), m.chunkEnd());
    if (kind == MessageKind.DATA) {
      if (m.sent()) {
        c.dataChunksSent += m.chunks();
      } else {
        c.dataChunksReceived += m.chunks();
      }
    }
  }

  /** Files the opening handshakes under the channels they opened, once every channel's remote ID is known. */
  void finish(Report report) {
    this.report = report;
    for (RecordedChannel c : channels.values()) {
      MessageLog opening = openings.remove(c.remote);
      if (opening != null) {
        for (int i = 0; i < opening.size(); i++) {
          c.received.add(opening.time(i), opening.kind(i), opening.start(i), opening.end(i));
        }
      }
    }
    openings.clear();
  }

  String fullSwarmId(String key) {
    return fullSwarmIds.getOrDefault(key, key);
  }
}
