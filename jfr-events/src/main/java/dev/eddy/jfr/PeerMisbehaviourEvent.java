package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A message from the peer of an open channel that a correct peer does not send; it was ignored. */
@Name("dev.eddy.ppspp.PeerMisbehaviour")
@Label("PPSPP Peer Misbehaviour")
@Description(
    "A message from the peer of an open channel that a correct peer does not send, ignored: DATA never requested,"
        + " chunks beyond the content, or a request refused because too many wait already")
@Category({"Eddy", "PPSPP", "Integrity"})
@StackTrace(false)
public final class PeerMisbehaviourEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("Kind")
  @Description("DATA never requested, chunks beyond the content, or request refused: too many waiting")
  public String kind;

  @Label("Chunk Range Start")
  public long chunkStart;

  @Label("Chunk Range End")
  public long chunkEnd;
}
