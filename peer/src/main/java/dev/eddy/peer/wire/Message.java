package dev.eddy.peer.wire;

/**
 * One PPSPP message (RFC 7574 §8): an immutable value, one record per {@link MessageType}. Only
 * {@link Data} holds a buffer (a view of the received datagram; see its ownership rules).
 */
public sealed interface Message
    permits Handshake, Message.AboutChunks, PexResV4, PexReq, Choke, Unchoke, PexResV6, PexResCert {

  MessageType type();

  /** The messages that carry a chunk specification. */
  sealed interface AboutChunks extends Message
      permits Data, Ack, Have, Integrity, SignedIntegrity, Request, Cancel {
    ChunkSpec spec();
  }
}
