package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** Received data failed Merkle verification; the peer that sent it is disconnected. */
@Name("dev.eddy.ppspp.IntegrityFailure")
@Label("PPSPP Integrity Failure")
@Description("Received chunks failed Merkle hash verification; the sending peer is disconnected")
@Category({"Eddy", "PPSPP", "Integrity"})
@StackTrace(false)
public final class IntegrityFailureEvent extends jdk.jfr.Event {
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

  @Label("Detail")
  @Description("What did not match, e.g. the computed and expected hashes")
  public String detail;
}
