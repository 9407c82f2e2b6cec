package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A channel ended: why, what it moved each way, and how long it lived. */
@Name("dev.eddy.ppspp.ChannelClosed")
@Label("PPSPP Channel Closed")
@Description("A channel ended: the reason, payload bytes and chunks sent and received over its life, duplicate chunks, time choked each way, and its lifetime")
@Category({"Eddy", "PPSPP", "Channels"})
@StackTrace(false)
public final class ChannelClosedEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Channel")
  public long remoteChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("Reason")
  @Description("closed by peer, closed locally, peer timed out, handshake unanswered, refused by peer, integrity failure or protocol error")
  public String reason;

  @Label("Detail")
  public String detail;

  @Label("Bytes Sent")
  @DataAmount
  public long bytesSent;

  @Label("Bytes Received")
  @DataAmount
  public long bytesReceived;

  @Label("Chunks Sent")
  public long chunksSent;

  @Label("Chunks Received")
  public long chunksReceived;

  @Label("Duplicate Chunks")
  @Description("Chunks the remote peer sent that we held already")
  public long duplicateChunks;

  @Label("Choked By Remote")
  @Description("Time the remote peer kept us choked")
  @Timespan(Timespan.NANOSECONDS)
  public long chokedByRemoteTime;

  @Label("Choked By Us")
  @Description("Time we kept the remote peer choked")
  @Timespan(Timespan.NANOSECONDS)
  public long chokedByUsTime;

  @Label("Lifetime")
  @Timespan(Timespan.NANOSECONDS)
  public long lifetime;

  @Label("Retransmitted Chunks")
  @Description("Chunks this side sent again (losses found from acknowledgements, probes and timeouts)")
  public long retransmittedChunks;

  @Label("Spurious Retransmissions")
  @Description("Retransmitted chunks whose first copy arrived too (the receiver acknowledged both)")
  public long spuriousRetransmissions;

  @Label("Loss Episodes")
  @Description("Loss episodes of this side's sending; each halved the congestion window once")
  public long lossEpisodes;

  @Label("Retransmission Timeouts")
  @Description("Timeouts, after unanswered probes, that declared everything in flight lost")
  public long retransmissionTimeouts;
}
