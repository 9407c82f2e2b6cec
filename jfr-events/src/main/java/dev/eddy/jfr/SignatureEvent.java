package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/**
 * The fields shared by {@link SignatureVerifiedEvent} and {@link SignatureFailedEvent}: one live stream's
 * SIGNED_INTEGRITY checked against the swarm's public key. As with {@link MessageEvent}, JFR records the
 * base class's fields in each subclass and inherits {@code @Category} and {@code @StackTrace}; names, labels
 * and descriptions are set on each subclass.
 */
@Category({"Eddy", "PPSPP", "Live"})
@StackTrace(false)
public abstract class SignatureEvent extends Event {
  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("Chunk Range Start")
  public long chunkStart;

  @Label("Chunk Range End")
  public long chunkEnd;

  @Label("Signature Algorithm")
  @Description("DNSSEC name of the live signature algorithm, e.g. ECDSAP256SHA256")
  public String algorithm;
}
