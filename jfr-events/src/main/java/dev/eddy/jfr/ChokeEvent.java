package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A CHOKE on a channel, sent by us or received from the remote peer. */
@Name("dev.eddy.ppspp.Choke")
@Label("PPSPP Choke")
@Description("A CHOKE message changed a channel's choke state; By Remote Peer tells who choked whom")
@Category({"Eddy", "PPSPP", "Swarm"})
@StackTrace(false)
public final class ChokeEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("By Remote Peer")
  @Description("True when the remote peer choked us, false when we choked it")
  public boolean byRemote;
}
