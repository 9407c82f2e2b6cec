package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** Chunks sent again because no ACK came within the retransmission timeout. */
@Name("dev.eddy.ppspp.Retransmission")
@Label("PPSPP Retransmission")
@Description("Chunks sent again because no ACK came within the retransmission timeout")
@Category({"Eddy", "PPSPP", "Congestion"})
@StackTrace(false)
public final class RetransmissionEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("Chunk Range Start")
  public long chunkStart;

  @Label("Chunk Range End")
  public long chunkEnd;

  @Label("Attempt")
  @Description("1 for the first retransmission of these chunks, 2 for the second, ...")
  public int attempt;

  @Label("Retransmission Timeout")
  @Description("The timeout that expired")
  @Timespan(Timespan.NANOSECONDS)
  public long timeout;
}
