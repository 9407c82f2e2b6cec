package dev.eddy.peer.pcap;

import java.io.IOException;

/** The file is not a pcap or pcapng capture, or it is cut short or corrupt; the message says which. */
public final class CaptureFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public CaptureFormatException(String message) {
    super(message);
  }
}
