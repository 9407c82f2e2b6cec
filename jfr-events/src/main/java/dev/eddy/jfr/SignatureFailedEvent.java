package dev.eddy.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A live stream's signature did not verify: an integrity failure; the chunks it would cover are not written. */
@Name("dev.eddy.ppspp.SignatureFailed")
@Label("PPSPP Signature Failed")
@Description("A live stream's SIGNED_INTEGRITY failed verification against the swarm's public key; its chunks are dropped")
public final class SignatureFailedEvent extends SignatureEvent {
  @Label("Detail")
  @Description("Why: a wrong signature, or chunks that do not hash to the signed munro")
  public String detail;
}
