package dev.eddy.dashboards.analysis;

import jdk.jfr.consumer.RecordedEvent;

/**
 * One per-message event ({@code MessageSent} or {@code MessageReceived}) with the fields the reports use, read
 * once: a large recording is 99 % such events, and both the recording's own report and the multi-recording join
 * need them.
 *
 * @param endNanos when it was sent or received, in nanoseconds since the epoch
 * @param type the message type as recorded (may be null)
 * @param swarmId the swarm ID as recorded (abbreviated; may be null)
 * @param remoteAddress the remote peer's address as recorded (may be null)
 */
public record RecordedMessage(boolean sent, long endNanos, String type, String swarmId, String remoteAddress,
    long localChannel, long remoteChannel, long chunkStart, long chunkEnd) {

  /** Read with the JDK's parser (recordings {@link MessageEventReader} does not know). */
  static RecordedMessage of(RecordedEvent e, boolean sent, long endNanos) {
    return new RecordedMessage(sent, endNanos, Fields.string(e, "messageType"), Fields.string(e, "swarmId"),
        Fields.string(e, "remoteAddress"), Fields.number(e, "localChannel"), Fields.number(e, "remoteChannel"),
        Fields.number(e, "chunkStart"), Fields.number(e, "chunkEnd"));
  }

  /** Chunks a DATA message carries: its range, or one when the range is missing or inverted. */
  public long chunks() {
    return chunkStart >= 0 && chunkEnd >= chunkStart ? chunkEnd - chunkStart + 1 : 1;
  }
}
