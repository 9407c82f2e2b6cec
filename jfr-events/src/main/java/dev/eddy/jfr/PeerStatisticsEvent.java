package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One remote peer of one swarm (one open channel), sampled periodically; installed with {@link PeriodicEvents}.
 * A channel that closed has its final totals in {@link ChannelClosedEvent}.
 */
@Name("dev.eddy.ppspp.PeerStatistics")
@Label("PPSPP Peer Statistics")
@Description("Periodic sample of one remote peer of a swarm: payload bytes and chunks each way, duplicate chunks,"
    + " time choked each way, and the share of the content that came from it")
@Category({"Eddy", "PPSPP", "Swarm"})
@Period("1 s")
@StackTrace(false)
public final class PeerStatisticsEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("Bytes Sent")
  @Description("Payload bytes sent to this peer, retransmissions included")
  @DataAmount
  public long bytesSent;

  @Label("Bytes Received")
  @Description("Verified payload bytes received from this peer")
  @DataAmount
  public long bytesReceived;

  @Label("Chunks Sent")
  public long chunksSent;

  @Label("Chunks Received")
  @Description("Chunks received from this peer and verified")
  public long chunksReceived;

  @Label("Duplicate Chunks")
  @Description("Chunks this peer sent that we held already")
  public long duplicateChunks;

  @Label("Choked By Remote")
  @Description("Time this peer kept us choked so far")
  @Timespan(Timespan.NANOSECONDS)
  public long chokedByRemoteTime;

  @Label("Choked By Us")
  @Description("Time we kept this peer choked so far")
  @Timespan(Timespan.NANOSECONDS)
  public long chokedByUsTime;

  @Label("Choking Us")
  @Description("Whether this peer chokes us now")
  public boolean chokedByRemote;

  @Label("Choked")
  @Description("Whether we choke this peer now")
  public boolean chokingRemote;

  @Label("Content Share")
  @Description("The share of the content's chunks that came from this peer")
  @Percentage
  public double contentShare;
}
