package dev.eddy.peer.observe;

/** Why a received datagram was dropped without reaching a channel. */
public enum DropReason {
  /** The decoder rejected it; the observer also gets the decoder's own reason text. */
  MALFORMED("malformed"),
  /** Its destination channel ID matches no open channel. */
  UNKNOWN_CHANNEL("unknown channel"),
  /** It names an open channel but comes from another address than that channel's peer. */
  WRONG_SOURCE_ADDRESS("wrong source address"),
  /** The pre-PPSPP format libswift falls back to after unanswered handshakes. */
  LEGACY_FORMAT("legacy format"),
  /** A handshake for a swarm this peer does not serve, or with options it cannot accept. */
  HANDSHAKE_REFUSED("handshake refused");

  private final String label;

  DropReason(String label) {
    this.label = label;
  }

  /** A short human-readable name, stable across releases (used as a JFR/log field). */
  public String label() {
    return label;
  }
}
