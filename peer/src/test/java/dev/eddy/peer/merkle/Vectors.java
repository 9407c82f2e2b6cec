package dev.eddy.peer.merkle;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real-traffic vectors of {@code vectors/} (system property {@code eddy.vectors}, set by the build). */
final class Vectors {
  private Vectors() {}

  static Path file(String name) {
    String dir = System.getProperty("eddy.vectors", "../vectors");
    Path path = Path.of(dir, name);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("vector " + path + " missing: run from the build (-Deddy.vectors=...)");
    }
    return path;
  }
}
