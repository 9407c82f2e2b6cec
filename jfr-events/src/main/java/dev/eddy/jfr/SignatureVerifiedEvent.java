package dev.eddy.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A live stream's signature checked out against the swarm's public key: one signed munro (unified Merkle tree)
 * or one signed chunk (sign all). Once per signature, not per chunk, so it stays on by default.
 */
@Name("dev.eddy.ppspp.SignatureVerified")
@Label("PPSPP Signature Verified")
@Description("A live stream's SIGNED_INTEGRITY verified against the swarm's public key: the chunks it covers can be trusted")
@Category({"Eddy", "PPSPP", "Live"})
@StackTrace(false)
public final class SignatureVerifiedEvent extends jdk.jfr.Event {
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
