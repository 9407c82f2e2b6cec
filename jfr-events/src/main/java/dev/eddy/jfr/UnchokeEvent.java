package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A UNCHOKE on a channel, sent by us or received from the remote peer. */
@Name("dev.eddy.ppspp.Unchoke")
@Label("PPSPP Unchoke")
@Description("A UNCHOKE message changed a channel's choke state; By Remote Peer tells who unchoked whom")
@Category({"Eddy", "PPSPP", "Swarm"})
@StackTrace(false)
public final class UnchokeEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("By Remote Peer")
  @Description("True when the remote peer unchoked us, false when we unchoked it")
  public boolean byRemote;
}
