package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A received datagram that reached no channel, and why. */
@Name("dev.eddy.ppspp.DatagramDropped")
@Label("PPSPP Datagram Dropped")
@Description(
    "A received datagram that reached no channel: malformed (the decoder's reason is in Detail), unknown"
        + " channel, wrong source address, legacy (pre-PPSPP) format or handshake refused")
@Category({"Eddy", "PPSPP", "Transport"})
@StackTrace(false)
public final class DatagramDroppedEvent extends jdk.jfr.Event {
  @Label("Reason")
  @Description("malformed, unknown channel, wrong source address, legacy format or handshake refused")
  public String reason;

  @Label("Detail")
  @Description("The decoder's own reason for a malformed datagram, otherwise a short explanation")
  public String detail;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Datagram Size")
  @DataAmount
  public long datagramBytes;
}
