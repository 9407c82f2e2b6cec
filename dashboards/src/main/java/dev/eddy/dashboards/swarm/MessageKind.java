package dev.eddy.dashboards.swarm;

/** PPSPP message types as the per-message events name them (RFC 7574 §8), PEX replies folded into one. */
enum MessageKind {
  HANDSHAKE, DATA, ACK, HAVE, INTEGRITY, SIGNED_INTEGRITY, REQUEST, CANCEL, CHOKE, UNCHOKE, PEX_REQ, PEX_RES,
  KEEPALIVE, OTHER;

  static MessageKind of(String type) {
    if (type == null) {
      return OTHER;
    }
    if (type.startsWith("PEX_RES")) {
      return PEX_RES;
    }
    try {
      return valueOf(type);
    } catch (IllegalArgumentException e) {
      return OTHER;
    }
  }
}
