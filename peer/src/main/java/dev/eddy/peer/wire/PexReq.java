package dev.eddy.peer.wire;

/** PEX_REQ (RFC 7574 §8.11): {@code 06}, asks for PEX_RES messages; no body. */
public record PexReq() implements Message {
  /** The only value there is; {@code new PexReq()} is equal to it. */
  public static final PexReq INSTANCE = new PexReq();

  @Override
  public MessageType type() {
    return MessageType.PEX_REQ;
  }
}
