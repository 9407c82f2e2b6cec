package dev.eddy.peer.observe;

import java.net.InetSocketAddress;

/**
 * One peer-exchange step on a channel (RFC 7574 §8.9).
 *
 * @param kind what happened
 * @param offered the peer address a PEX_RES named ({@link Kind#PEER_OFFERED} only, else null)
 * @param peersNamed peers named in our answer ({@link Kind#REQUEST_ANSWERED} only, else 0)
 * @param verdict what became of an offered address (accepted, or why it was dropped); "" otherwise
 * @param accepted whether an offered address was accepted (connected to, or already connected)
 * @param tracker whether the remote is a peer named as a tracker ({@code --tracker}): a tracker contact
 */
public record PexContact(Kind kind, InetSocketAddress offered, int peersNamed, String verdict, boolean accepted, boolean tracker) {
  public PexContact {
    if (kind == null || verdict == null) {
      throw new IllegalArgumentException("kind and verdict are required");
    }
  }

  /** The steps of peer exchange. */
  public enum Kind {
    /** We sent PEX_REQ. */
    REQUEST_SENT("request sent"),
    /** The remote sent PEX_REQ and we answered. */
    REQUEST_ANSWERED("request answered"),
    /** The remote named a peer in PEX_RESv4 or PEX_RESv6. */
    PEER_OFFERED("peer offered");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** A short human-readable name, stable across releases (used as a JFR field and a metric label). */
    public String label() {
      return label;
    }
  }
}
