package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Frequency;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** One swarm at one instant, sampled periodically; installed with {@link PeriodicEvents}. */
@Name("dev.eddy.ppspp.SwarmStatistics")
@Label("PPSPP Swarm Statistics")
@Description("Periodic sample of one swarm: peers, progress, payload bytes moved and current rates")
@Category({"Eddy", "PPSPP", "Swarm"})
@Period("1 s")
@StackTrace(false)
public final class SwarmStatisticsEvent extends jdk.jfr.Event {
  @Label("Swarm ID")
  public String swarmId;

  @Label("Peers")
  @Description("Channels open in this swarm")
  public int peers;

  @Label("Chunks Held")
  @Description("Verified chunks we hold")
  public long chunksHeld;

  @Label("Chunks Total")
  @Description("Chunks in the content, 0 while unknown")
  public long chunksTotal;

  @Label("Progress")
  @Percentage
  public double progress;

  @Label("Bytes Uploaded")
  @DataAmount
  public long bytesUploaded;

  @Label("Bytes Downloaded")
  @Description("Verified payload bytes received")
  @DataAmount
  public long bytesDownloaded;

  @Label("Upload Rate")
  @DataAmount
  @Frequency
  public long uploadRate;

  @Label("Download Rate")
  @DataAmount
  @Frequency
  public long downloadRate;
}
