package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/**
 * The fields shared by {@link MessageSentEvent} and {@link MessageReceivedEvent}: one event per protocol
 * message, so they are off by default, carry no stack trace and no duration. JFR records a base class's
 * non-private fields in each subclass (as the JDK's own buffer statistics events do); {@code @Enabled},
 * {@code @StackTrace} and {@code @Category} are inherited, names and labels are set on each subclass.
 * Deliberately not {@code @Registered(false)}: that would be inherited too.
 */
@Category({"Eddy", "PPSPP", "Messages"})
@Enabled(false)
@StackTrace(false)
public abstract class MessageEvent extends Event {
  @Label("Message Type")
  public String messageType;

  @Label("Local Channel")
  public long localChannel;

  @Label("Remote Channel")
  public long remoteChannel;

  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  @Description("The swarm ID's first 16 hex digits (see SwarmIds); ChannelOpened carries it in full")
  public String swarmId;

  @Label("Chunk Range Start")
  public long chunkStart;

  @Label("Chunk Range End")
  public long chunkEnd;

  @Label("Datagram Size")
  @DataAmount
  public long datagramBytes;
}
