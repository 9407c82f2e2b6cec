package dev.eddy.peer.live;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads a live source's input on a thread of its own and hands over whole chunks as they fill: standard
 * input and named pipes until their end (the last, short chunk goes with the end), a regular file from
 * its start and then as it grows, polled like {@code tail -f}, until stopped.
 */
public final class LiveInput implements Runnable {
  private static final long POLL_MILLIS = 50;

  private final Path file;
  private final InputStream stdin;
  private final int chunkSize;
  private final BiConsumer<List<byte[]>, Boolean> sink;
  private volatile IOException failure;

  /**
   * @param file a regular file or named pipe, or null for {@code stdin}
   * @param sink takes each full chunk, and the end of input (with the short last chunk, if any)
   */
  public LiveInput(Path file, InputStream stdin, int chunkSize, BiConsumer<List<byte[]>, Boolean> sink) {
    this.file = file;
    this.stdin = stdin;
    this.chunkSize = chunkSize;
    this.sink = sink;
  }

  /** What stopped the input early, or null. */
  public IOException failure() {
    return failure;
  }

  @Override
  public void run() {
    try {
      if (file != null && Files.isRegularFile(file)) {
        tail();
      } else {
        try (InputStream in = file == null ? stdin : Files.newInputStream(file)) {
          stream(in);
        }
      }
    } catch (IOException e) {
      failure = e;
      sink.accept(List.of(), true);
    }
  }

  private void stream(InputStream in) throws IOException {
    while (true) {
      byte[] chunk = in.readNBytes(chunkSize);
      if (chunk.length < chunkSize) {
        sink.accept(chunk.length == 0 ? List.of() : List.of(chunk), true);
        return;
      }
      sink.accept(List.of(chunk), false);
    }
  }

  private void tail() throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(chunkSize);
      while (!Thread.currentThread().isInterrupted()) {
        if (ch.read(buf) <= 0) {
          try {
            Thread.sleep(POLL_MILLIS);
          } catch (InterruptedException e) {
            return;
          }
        } else if (!buf.hasRemaining()) {
          sink.accept(List.of(buf.array().clone()), false);
          buf.clear();
        }
      }
    }
  }
}
