package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/**
 * The fields shared by {@link ChokeEvent} and {@link UnchokeEvent}; names and labels are set on each
 * subclass (they are not inherited). Deliberately not {@code @Registered(false)}: that would be inherited.
 */
@Category({"Eddy", "PPSPP", "Swarm"})
@StackTrace(false)
public abstract class ChokeStateEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("By Remote Peer")
  @Description("True when the remote peer sent the message to us, false when we sent it")
  public boolean byRemote;
}
