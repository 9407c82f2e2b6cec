package dev.eddy.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A live stream's signature checked out against the swarm's public key: one signed munro (unified Merkle tree)
 * or one signed chunk (sign all). Once per signature, not per chunk, so it stays on by default.
 */
@Name("dev.eddy.ppspp.SignatureVerified")
@Label("PPSPP Signature Verified")
@Description("A live stream's SIGNED_INTEGRITY verified against the swarm's public key: the chunks it covers can be trusted")
public final class SignatureVerifiedEvent extends SignatureEvent {}
