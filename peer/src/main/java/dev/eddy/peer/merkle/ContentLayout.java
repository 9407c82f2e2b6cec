package dev.eddy.peer.merkle;

/**
 * How content of {@code contentLength} bytes splits into chunks of {@code chunkSize} bytes: every chunk is
 * full except the last, which keeps its real length (no padding, as in libswift).
 */
public record ContentLayout(long contentLength, int chunkSize) {
  public ContentLayout {
    if (contentLength < 0) {
      throw new IllegalArgumentException("content length " + contentLength + " is negative");
    }
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunk size " + chunkSize + " must be positive");
    }
    if ((contentLength + chunkSize - 1) / chunkSize - 1 > Bin.MAX_CHUNK) {
      throw new IllegalArgumentException("content of " + contentLength + " bytes has too many chunks");
    }
  }

  public long chunkCount() {
    return (contentLength + chunkSize - 1) / chunkSize;
  }

  /** Byte offset of a chunk in the content. */
  public long offset(long chunk) {
    checkChunk(chunk);
    return chunk * chunkSize;
  }

  /** Length of a chunk: {@code chunkSize}, or less for the last one. */
  public int length(long chunk) {
    checkChunk(chunk);
    return (int) Math.min(chunkSize, contentLength - chunk * chunkSize);
  }

  private void checkChunk(long chunk) {
    if (chunk < 0 || chunk >= chunkCount()) {
      throw new IllegalArgumentException("chunk " + chunk + " outside [0, " + chunkCount() + ")");
    }
  }
}
