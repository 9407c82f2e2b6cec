package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A live stream's signature did not verify: an integrity failure; the chunks it would cover are not written. */
@Name("dev.eddy.ppspp.SignatureFailed")
@Label("PPSPP Signature Failed")
@Description("A live stream's SIGNED_INTEGRITY failed verification against the swarm's public key; its chunks are dropped")
@Category({"Eddy", "PPSPP", "Live"})
@StackTrace(false)
public final class SignatureFailedEvent extends jdk.jfr.Event {
  @Label("Remote Address")
  public String remoteAddress;

  @Label("Swarm ID")
  public String swarmId;

  @Label("Chunk Range Start")
  public long chunkStart;

  @Label("Chunk Range End")
  public long chunkEnd;

  @Label("Signature Algorithm")
  public String algorithm;

  @Label("Detail")
  @Description("Why: a wrong signature, or chunks that do not hash to the signed munro")
  public String detail;
}
