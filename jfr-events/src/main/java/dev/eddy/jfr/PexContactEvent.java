package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One peer-exchange step on a channel: a PEX_REQ sent or answered, or a peer offered to us and what became of it. */
@Name("dev.eddy.ppspp.PexContact")
@Label("PPSPP PEX Contact")
@Description("One peer-exchange step: a PEX_REQ sent or answered, or a peer a PEX_RES offered us and whether it was"
    + " accepted; Tracker marks contacts with a peer named by --tracker")
@Category({"Eddy", "PPSPP", "Discovery"})
@StackTrace(false)
public final class PexContactEvent extends jdk.jfr.Event {
  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("Kind")
  @Description("request sent, request answered, or peer offered")
  public String kind;

  @Label("Offered Peer")
  @Description("The address a PEX_RES named (peer offered only)")
  public String offeredAddress;

  @Label("Peers Named")
  @Description("Peers named in our answer (request answered only)")
  public int peersNamed;

  @Label("Verdict")
  @Description("What became of an offered peer: accepted, or why it was dropped (peer offered only)")
  public String verdict;

  @Label("Tracker")
  @Description("Whether the remote peer was named as a tracker (--tracker): a tracker contact")
  public boolean tracker;
}
