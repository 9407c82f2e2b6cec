package dev.eddy.peer.observe;

/** Why a channel ended. */
public enum CloseReason {
  /** The remote peer sent the close handshake. */
  REMOTE_CLOSED("closed by peer"),
  /** We closed it (download complete, shutdown, user request). */
  LOCAL_CLOSED("closed locally"),
  /** Nothing arrived from the peer for the dead-peer timeout (shorter while we wait for its chunks). */
  PEER_TIMEOUT("peer timed out"),
  /** Our handshake got no reply after every retry. */
  HANDSHAKE_TIMEOUT("handshake unanswered"),
  /** The peer refused our handshake (unknown swarm or options). */
  REFUSED("refused by peer"),
  /** The peer sent data that failed Merkle verification. */
  INTEGRITY_FAILURE("integrity failure"),
  /** The peer broke the protocol (bad options, messages out of order). */
  PROTOCOL_ERROR("protocol error");

  private final String label;

  CloseReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
