package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The sending side of one channel (LEDBAT, RFC 6817), sampled periodically; installed with {@link PeriodicEvents}. */
@Name("dev.eddy.ppspp.CongestionState")
@Label("PPSPP Congestion State")
@Description("Periodic sample of one channel's LEDBAT state: congestion window, base and queuing delay, round-trip time, bytes in flight, and loss recovery's counters so far")
@Category({"Eddy", "PPSPP", "Congestion"})
@Period("1 s")
@StackTrace(false)
public final class CongestionStateEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("Congestion Window")
  @DataAmount
  public long congestionWindow;

  @Label("Base Delay")
  @Description("Lowest one-way delay seen recently")
  @Timespan(Timespan.NANOSECONDS)
  public long baseDelay;

  @Label("Queuing Delay")
  @Description("Current one-way delay minus the base delay")
  @Timespan(Timespan.NANOSECONDS)
  public long queuingDelay;

  @Label("Round-Trip Time")
  @Description("Smoothed round-trip time, 0 until measured")
  @Timespan(Timespan.NANOSECONDS)
  public long roundTripTime;

  @Label("Bytes In Flight")
  @Description("Payload bytes sent and not yet acknowledged")
  @DataAmount
  public long bytesInFlight;

  @Label("Retransmitted Chunks")
  @Description("Chunks sent again since the channel opened (losses found from acknowledgements, probes and timeouts)")
  public long retransmittedChunks;

  @Label("Spurious Retransmissions")
  @Description("Retransmitted chunks whose first copy arrived too (the receiver acknowledged both)")
  public long spuriousRetransmissions;

  @Label("Loss Episodes")
  @Description("Loss episodes since the channel opened; each halved the congestion window once")
  public long lossEpisodes;

  @Label("Retransmission Timeouts")
  @Description("Timeouts, after unanswered probes, that declared everything in flight lost")
  public long retransmissionTimeouts;
}
