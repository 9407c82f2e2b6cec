package dev.eddy.peer.observe;

/**
 * Something a remote peer of an open channel did that a correct peer does not, which Eddy survives by
 * ignoring it (a lie about content is an integrity failure instead, and closes the channel).
 */
public enum Misbehaviour {
  /** DATA for a chunk we never asked that peer for: never written unless it verifies. */
  UNREQUESTED_DATA("DATA never requested"),
  /** REQUEST, HAVE, ACK, CANCEL or DATA naming chunks beyond the end of the content: the excess is ignored. */
  OUT_OF_CONTENT("chunks beyond the content"),
  /** A REQUEST not queued because that peer already has as many requests waiting as we keep for one peer. */
  REQUEST_REFUSED("request refused: too many waiting");

  private final String label;

  Misbehaviour(String label) {
    this.label = label;
  }

  /** A short human-readable name, stable across releases (used as a JFR/log field). */
  public String label() {
    return label;
  }
}
