package dev.eddy.dashboards.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens a local page in headless Chromium, offline and with a throw-away profile, the way a user's browser
 * would run its scripts: {@link #dumpDom} returns the DOM after the page's scripts ran, {@link #screenshot}
 * writes a PNG.
 */
public final class HeadlessChromium {
  private final Path executable = ExternalTool.require("chromium", "chromium-browser", "google-chrome");
  private final Path profile;

  public HeadlessChromium(Path workDir) throws IOException {
    profile = Files.createDirectories(workDir.resolve("chromium-profile"));
  }

  public String dumpDom(Path page) throws IOException, InterruptedException {
    return run(page, "--dump-dom");
  }

  public void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
    run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars");
  }

  /** Headless, offline, with a throw-away profile: how every test starts Chromium. */
  static List<String> command(Path executable, Path profile) {
    return new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath()));
  }

  private String run(Path page, String... extra) throws IOException, InterruptedException {
    List<String> command = command(executable, profile);
    command.addAll(List.of(extra));
    command.add(page.toAbsolutePath().toUri().toString());
    Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
    Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    boolean finished = process.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    assertThat(finished).as("chromium finished within 60 s; stderr: %s", Files.readString(err)).isTrue();
    assertThat(process.exitValue()).as("chromium exit status; stderr: %s", Files.readString(err)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
