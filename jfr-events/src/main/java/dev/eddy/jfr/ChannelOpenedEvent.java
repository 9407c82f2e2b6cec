package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A channel completed its handshake, with the protocol options both sides agreed on (RFC 7574 §7). */
@Name("dev.eddy.ppspp.ChannelOpened")
@Label("PPSPP Channel Opened")
@Description("A channel completed its handshake: the peers, the negotiated protocol options and how long the handshake took")
@Category({"Eddy", "PPSPP", "Channels"})
@StackTrace(false)
public final class ChannelOpenedEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Channel")
  public long remoteChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("Initiated Locally")
  @Description("True when we sent the first handshake, false when the remote peer did")
  public boolean initiatedLocally;

  @Label("Protocol Version")
  public int protocolVersion;

  @Label("Content Integrity Protection")
  @Description("Content integrity protection method (option 3), e.g. \"Merkle hash tree (1)\"")
  public String contentIntegrity;

  @Label("Merkle Hash Function")
  @Description("Merkle hash function (option 4), e.g. \"SHA-1 (0)\"")
  public String merkleHashFunction;

  @Label("Chunk Addressing")
  @Description("Chunk addressing method (option 6), e.g. \"32-bit chunk ranges (2)\"")
  public String chunkAddressing;

  @Label("Chunk Size")
  @DataAmount
  public long chunkSize;

  @Label("Handshake Time")
  @Description("From the first handshake datagram of this channel to agreement")
  @Timespan(Timespan.NANOSECONDS)
  public long handshakeTime;
}
