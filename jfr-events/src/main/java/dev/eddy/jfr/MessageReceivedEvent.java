package dev.eddy.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * One PPSPP message decoded from a received datagram. Off by default (one per message); check
 * {@link #isOn()} before computing any field so a disabled event allocates nothing.
 */
@Name("dev.eddy.ppspp.MessageReceived")
@Label("PPSPP Message Received")
@Description(
    "One protocol message decoded from a received datagram: type (RFC 7574 §8), our and the remote"
        + " channel IDs, remote address, swarm ID (its first 16 hex digits), chunk range (-1 when none)"
        + " and the size of the whole datagram")
public final class MessageReceivedEvent extends MessageEvent {
  private static final MessageReceivedEvent PROBE = new MessageReceivedEvent();

  /** Whether any recording enables this event; a read of JFR's flag, no allocation. */
  public static boolean isOn() {
    return PROBE.isEnabled();
  }
}
