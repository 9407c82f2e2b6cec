package dev.eddy.peer.discovery;

/** What became of one address offered in a PEX_RESv4 or PEX_RESv6. */
public enum PexVerdict {
  /** Valid: connected to, or already known (a channel to it exists). */
  ACCEPTED("accepted"),
  /** 0.0.0.0, :: or port 0: names no peer. */
  UNSPECIFIED("unspecified address or port 0"),
  /** A multicast or broadcast address: a datagram there would reach many hosts, or none. */
  MULTICAST_OR_BROADCAST("multicast or broadcast address"),
  /** Our own address. */
  SELF("our own address"),
  /** The address of the peer that sent it: it is connected already. */
  REQUESTER("the sender's own address"),
  /**
   * A loopback, link-local or private address from a peer outside that scope: it cannot know such a peer of
   * ours, and connecting would let a remote peer aim us at hosts on our own network.
   */
  NARROWER_SCOPE("loopback, link-local or private address from a peer outside that scope"),
  /** An IPv6 address offered to a peer whose socket is IPv4, or the reverse: it cannot send there. */
  OTHER_FAMILY("address family our socket cannot reach"),
  /** More addresses than we asked for on that channel (or none asked for at all). */
  UNSOLICITED("more addresses than asked for"),
  /** We have as many channels in the swarm as --max-peers allows. */
  OVER_PEER_LIMIT("peer limit reached");

  private final String label;

  PexVerdict(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
