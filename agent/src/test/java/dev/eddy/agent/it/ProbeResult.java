package dev.eddy.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Loads {@code dev.eddy.tracetest.BytecodeProbe} into a target and reads its verdict. */
public record ProbeResult(long dispatcherHits, String classSha256) {

  public static ProbeResult probe(TargetJvm target, Path dir, String className, String method)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "probe", ".txt");
    String answer = target.jcmd("JVMTI.agent_load", probeJar(dir).toString(), className + "," + method + "," + out);
    if (!answer.contains("return code: 0")) {
      throw new AssertionError("probe failed: " + answer + "\n" + String.join("\n", target.stderr()));
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    long hits = Long.parseLong(text.replaceAll("(?s).*hits=(-?\\d+).*", "$1"));
    String sha = text.replaceAll("(?s).*sha=([0-9a-f]+).*", "$1");
    return new ProbeResult(hits, sha);
  }

  /** The probe's classes are on the target's class path already; its jar only needs a manifest. */
  private static Path probeJar(Path dir) throws IOException {
    Path jar = dir.resolve("probe-agent.jar");
    if (!Files.exists(jar)) {
      Manifest m = new Manifest();
      m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      m.getMainAttributes().putValue("Agent-Class", "dev.eddy.tracetest.BytecodeProbe");
      m.getMainAttributes().putValue("Can-Retransform-Classes", "true");
      try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar), m)) {
        j.flush();
      }
    }
    return jar.toAbsolutePath();
  }
}
