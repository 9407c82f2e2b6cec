package dev.eddy.peer.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional whole-buffer reads and writes (a single call may move fewer bytes than asked). */
final class FileIo {
  private FileIo() {}

  /** Reads exactly {@code length} bytes at {@code position} into {@code target}. */
  static void readFully(FileChannel channel, long position, ByteBuffer target, int length) throws IOException {
    requireRoom(target, length);
    ByteBuffer window = target.duplicate();
    window.limit(window.position() + length);
    while (window.hasRemaining()) {
      int read = channel.read(window, position + (window.position() - target.position()));
      if (read < 0) {
        throw new EOFException("file ended at byte " + (position + window.position() - target.position())
            + ", expected " + (position + length) + " bytes: was it truncated?");
      }
    }
    target.position(target.position() + length);
  }

  /** Refuses a chunk of {@code length} bytes that {@code target} has no room for. */
  static void requireRoom(ByteBuffer target, int length) {
    if (target.remaining() < length) {
      throw new IllegalArgumentException(
          "buffer has room for " + target.remaining() + " bytes, the chunk has " + length);
    }
  }

  /** Writes all of {@code source}'s remaining bytes at {@code position}, leaving its position alone. */
  static void writeFully(FileChannel channel, long position, ByteBuffer source) throws IOException {
    ByteBuffer window = source.duplicate();
    long at = position;
    while (window.hasRemaining()) {
      at += channel.write(window, at);
    }
  }
}
