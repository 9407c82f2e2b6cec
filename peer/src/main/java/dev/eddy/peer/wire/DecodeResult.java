package dev.eddy.peer.wire;

import java.util.Objects;

/** What {@link DatagramDecoder#decode} found: a PPSPP datagram, libswift's legacy handshake, or an error. */
public sealed interface DecodeResult
    permits DecodeResult.Decoded, DecodeResult.Legacy, DecodeResult.Malformed {

  /**
   * A well-formed datagram (possibly a keep-alive).
   *
   * @param context the channel's context after this datagram: changed by any HANDSHAKE in it
   */
  record Decoded(Datagram datagram, DecodingContext context) implements DecodeResult {
    public Decoded {
      Objects.requireNonNull(datagram, "datagram");
      Objects.requireNonNull(context, "context");
    }
  }

  /** libswift's pre-PPSPP opening handshake: recognise, count, ignore. */
  record Legacy(LegacyHandshake handshake) implements DecodeResult {
    public Legacy {
      Objects.requireNonNull(handshake, "handshake");
    }
  }

  /** Malformed: the whole datagram is rejected. */
  record Malformed(DecodeError error) implements DecodeResult {
    public Malformed {
      Objects.requireNonNull(error, "error");
    }
  }
}
