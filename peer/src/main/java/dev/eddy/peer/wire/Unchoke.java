package dev.eddy.peer.wire;

/** UNCHOKE (RFC 7574 §8.13): {@code 0b}, the sender answers requests again; no body. */
public record Unchoke() implements Message {
  /** The only value there is; {@code new Unchoke()} is equal to it. */
  public static final Unchoke INSTANCE = new Unchoke();

  @Override
  public MessageType type() {
    return MessageType.UNCHOKE;
  }
}
