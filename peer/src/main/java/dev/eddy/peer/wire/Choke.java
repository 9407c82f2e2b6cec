package dev.eddy.peer.wire;

/** CHOKE (RFC 7574 §8.13): {@code 0a}, the sender will not answer requests; no body. */
public record Choke() implements Message {
  /** The only value there is; {@code new Choke()} is equal to it. */
  public static final Choke INSTANCE = new Choke();

  @Override
  public MessageType type() {
    return MessageType.CHOKE;
  }
}
