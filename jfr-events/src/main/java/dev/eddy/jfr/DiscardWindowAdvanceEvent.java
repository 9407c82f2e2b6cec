package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The live discard window moved forward: older chunks were forgotten (RFC 7574 §6.2). */
@Name("dev.eddy.ppspp.DiscardWindowAdvance")
@Label("PPSPP Discard Window Advance")
@Description("The live discard window moved forward: chunks before its new start were discarded from memory")
@Category({"Eddy", "PPSPP", "Live"})
@StackTrace(false)
public final class DiscardWindowAdvanceEvent extends jdk.jfr.Event {
  @Label("Swarm ID")
  public String swarmId;

  @Label("Window Start")
  @Description("Oldest chunk still kept")
  public long windowStart;

  @Label("Window End")
  @Description("Newest chunk kept")
  public long windowEnd;

  @Label("Chunks Discarded")
  @Description("Chunks forgotten by this advance")
  public long discarded;

  @Label("Chunks Skipped")
  @Description("Of those, chunks a live leecher never received: left out of its output")
  public long skipped;
}
