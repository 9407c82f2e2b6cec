package dev.eddy.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built artefacts are, for tests that start child JVMs. */
public final class Paths {
  private Paths() {}

  /** The shaded agent jar Maven's package phase wrote (Failsafe runs after it). */
  public static Path agentJar() {
    Path jar = moduleDir().resolve("target/eddy-agent.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing; run the tests through `mvn verify` (package comes first)");
    }
    return jar.toAbsolutePath();
  }

  public static Path testClasses() {
    return moduleDir().resolve("target/test-classes").toAbsolutePath();
  }

  /** Byte Buddy as an application would ship it, from the local Maven repository, for the target's own use. */
  public static Path plainByteBuddyJar() {
    String cp = System.getProperty("java.class.path");
    for (String entry : cp.split(java.io.File.pathSeparator)) {
      if (entry.matches(".*byte-buddy-[0-9.]+\\.jar")) {
        return Path.of(entry).toAbsolutePath();
      }
    }
    throw new IllegalStateException("byte-buddy jar not on the test class path: " + cp);
  }

  public static Path currentJavaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  public static Path jdk25Home() {
    return Path.of(System.getProperty("eddy.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
  }

  private static Path moduleDir() {
    String root = System.getProperty("eddy.root");
    Path fromRoot = root == null ? null : Path.of(root, "agent");
    if (fromRoot != null && Files.isDirectory(fromRoot.resolve("target"))) {
      return fromRoot;
    }
    return Path.of("").toAbsolutePath();
  }
}
