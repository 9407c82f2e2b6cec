package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Received chunks passed Merkle verification: a run of consecutive chunks verified on one channel within one
 * read batch, the event spanning the first chunk's verification to the last's. Off by default like the
 * message events (a download verifies tens of thousands of chunks a second); check {@link #isOn()} before
 * computing any field.
 */
@Name("dev.eddy.ppspp.ChunkVerified")
@Label("PPSPP Chunk Verified")
@Description(
    "Received chunks passed Merkle hash verification, before they were stored or announced: consecutive chunks"
        + " verified on one channel within one read batch, from the first chunk's verification to the last's")
@Category({"Eddy", "PPSPP", "Integrity"})
@Enabled(false)
@StackTrace(false)
public final class ChunkVerifiedEvent extends jdk.jfr.Event {
  private static final ChunkVerifiedEvent PROBE = new ChunkVerifiedEvent();

  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  @Description("The swarm ID's first 16 hex digits (see SwarmIds); ChannelOpened carries it in full")
  public String swarmId;

  @Label("Chunk Range Start")
  public long chunkStart;

  @Label("Chunk Range End")
  public long chunkEnd;

  @Label("Size")
  @Description("Payload bytes of the chunks in the range")
  @DataAmount
  public long bytes;

  /** Whether any recording enables this event; a read of JFR's flag, no allocation. */
  public static boolean isOn() {
    return PROBE.isEnabled();
  }
}
