package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** How far a live leecher's output is behind the newest chunk the source has announced; sampled every second. */
@Name("dev.eddy.ppspp.LiveLag")
@Label("PPSPP Live Lag")
@Description("Distance of a live leecher's output behind the source's newest chunk, sampled every second")
@Category({"Eddy", "PPSPP", "Live"})
@StackTrace(false)
public final class LiveLagEvent extends jdk.jfr.Event {
  @Label("Swarm ID")
  public String swarmId;

  @Label("Newest Chunk")
  @Description("The newest chunk any peer has announced")
  public long newestChunk;

  @Label("Next Output Chunk")
  @Description("The chunk the output waits for next")
  public long nextChunk;

  @Label("Lag")
  @Description("Chunks announced but not yet written: newest chunk + 1 - next output chunk")
  public long lagChunks;

  @Label("Lag Bytes")
  @DataAmount
  public long lagBytes;
}
