package dev.eddy.peer.swarm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes verified chunks into {@code OUTPUT.part}, sized for the whole content as soon as the size is
 * known, and renames it to {@code OUTPUT} only when every chunk is verified: a failed or interrupted
 * download never leaves a file that looks complete.
 */
public final class FileChunkSink implements ContentSink {
  private final Path output;
  private final Path partial;
  private FileChannel file;
  private int chunkSize;

  public FileChunkSink(Path output) {
    this.output = output;
    this.partial = output.resolveSibling(output.getFileName() + ".part");
  }

  public Path output() {
    return output;
  }

  @Override
  public void open(long chunkCount, int chunkSize) throws IOException {
    this.chunkSize = chunkSize;
    file = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ,
        StandardOpenOption.TRUNCATE_EXISTING);
    // Reserve the length now; the file system reports a full disk on the write that needs the space.
    file.write(ByteBuffer.wrap(new byte[1]), chunkCount * chunkSize - 1);
  }

  @Override
  public void write(long chunk, ByteBuffer bytes) throws IOException {
    long position = chunk * chunkSize;
    ByteBuffer b = bytes.duplicate();
    while (b.hasRemaining()) {
      position += file.write(b, position);
    }
  }

  @Override
  public void complete(long contentLength) throws IOException {
    file.truncate(contentLength);
    file.force(true);
    file.close();
    file = null;
    Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      file.close();
      file = null;
    }
  }
}
