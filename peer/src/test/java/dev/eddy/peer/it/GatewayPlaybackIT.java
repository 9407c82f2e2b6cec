package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real player on the gateway: ffmpeg makes a six-second H.264 video (an MP4 with its index at the end, so a
 * player must read the end first), a real {@code eddy seed} serves it slowly, and {@code eddy get --http}
 * downloads it while ffmpeg seeks into the middle (a range request there) and ffprobe decodes every frame
 * through the HTTP URL; curl checks ranges byte for byte. And live: ffmpeg encodes MPEG-TS in real time into
 * {@code eddy live}, and players read it through a live leecher's gateway.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GatewayPlaybackIT {
  private static final Pattern URL = Pattern.compile("Serving over HTTP: (http://\\S+)");
  private static final Pattern RANGE_SERVED = Pattern.compile("\\(Range: bytes=(\\d+)-\\) -> 206 Partial Content");
  private static final int SECONDS = 6;
  private static final int FPS = 25;
  private static final Pattern LIVE_SWARM = Pattern.compile("Swarm ID: ([0-9a-f]+)");
  private static final Pattern LIVE_SOURCE = Pattern.compile("listening on udp ([0-9.]+:\\d+)");
  private static final Pattern LIVE_URL = Pattern.compile("serving over HTTP: (http://\\S+)");
  private static final Pattern LIVE_ANSWERED = Pattern.compile("GET /[0-9a-f]+ .*-> 200 OK");

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  @Test
  void ffprobeAndFfmpegPlayAndSeekThroughTheGatewayWhileItDownloads() throws Exception {
    assumeTrue(installed("ffmpeg") && installed("ffprobe") && installed("curl"),
        "ffmpeg, ffprobe and curl are needed (Debian packages ffmpeg and curl; .ci/run installs them)");
    Path video = dir.resolve("video.mp4");
    Run made = run(60, "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=duration=" + SECONDS + ":size=320x240:rate=" + FPS,
        "-vf", "noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-g", String.valueOf(FPS), "-pix_fmt", "yuv420p",
        video.toString());
    assertThat(made.exit()).as(made.err()).isZero();
    byte[] content = Files.readAllBytes(video);

    // About seven seconds to download: the player starts long before the download ends.
    try (EddyProcess.Seeder seeder = EddyProcess.seed(dir, video, List.of(), "--max-upload-rate", "256k");
        EddyProcess get = EddyProcess.start(dir, List.of(), "get", seeder.swarmId(), "--peer", seeder.address(),
            "--http", "127.0.0.1:0", "--output", dir.resolve("copy.mp4").toString())) {
      String url = awaitUrl(get);

      Run head = run(30, "curl", "-sS", "-I", url);
      assertThat(head.out()).as(head.err()).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + content.length);

      // A seek: ffmpeg reads the index at the end, then asks for the bytes at 3 s with a range request.
      Run seek = run(60, "ffmpeg", "-v", "error", "-ss", "3", "-i", url, "-t", "1", "-f", "null", "-", "-progress", "pipe:1");
      assertThat(seek.exit()).as(seek.err()).isZero();
      assertThat(lastValue(seek.out(), "frame")).as("frames decoded after the seek; " + seek.err()).isEqualTo(String.valueOf(FPS));
      boolean completeAtSeek = get.out().contains("Downloaded");

      assertThat(curlRange(url, "100000-199999")).isEqualTo(Arrays.copyOfRange(content, 100000, 200000));
      assertThat(curlRange(url, "-1000")).isEqualTo(Arrays.copyOfRange(content, content.length - 1000, content.length));
      assertThat(curlRange(url, content.length - 10 + "-")).isEqualTo(Arrays.copyOfRange(content, content.length - 10, content.length));
      Run beyond = run(30, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-r", content.length + "-", url);
      assertThat(beyond.out()).isEqualTo("416");

      // Play it all: every frame decoded from the HTTP URL, as the bytes arrive.
      Run probe = run(60, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
          "-show_entries", "stream=nb_read_frames:format=duration", "-of", "default=noprint_wrappers=1", url);
      assertThat(probe.exit()).as(probe.err()).isZero();
      assertThat(lastValue(probe.out(), "nb_read_frames")).isEqualTo(String.valueOf(SECONDS * FPS));
      assertThat(Double.parseDouble(lastValue(probe.out(), "duration"))).isEqualTo(SECONDS, org.assertj.core.data.Offset.offset(0.05));

      Path whole = dir.resolve("whole.mp4");
      Run all = run(60, "curl", "-sS", "-o", whole.toString(), url);
      assertThat(all.exit()).as(all.err()).isZero();
      assertThat(Files.readAllBytes(whole)).isEqualTo(content);

      // The seek reached the gateway as a range request into the middle, answered with 206.
      String log = get.err();
      Matcher served = RANGE_SERVED.matcher(log);
      boolean middle = false;
      while (served.find()) {
        long from = Long.parseLong(served.group(1));
        middle |= from > content.length / 4 && from < content.length * 3L / 4;
      }
      assertThat(middle).as("a 206 for a range starting in the middle; gateway log:%n%s", log).isTrue();
      awaitDownloaded(get);
      System.err.println("GatewayPlaybackIT: " + content.length + " bytes; download " + (completeAtSeek ? "already complete" : "still running")
          + " when the seek had played");
    }
  }

  /**
   * An MPEG-TS stream encoded in real time (H.264, a key frame a second) is piped into {@code eddy live}; a live
   * leecher serves it over HTTP. An ffmpeg that connected before the stream began decodes every frame the
   * encoder made, without one decode error, and its response ends when the stream does; an ffprobe that tunes
   * in midway, from near the live edge, decodes frames too (from its first key frame on).
   */
  @Test
  void liveMpegTsPipedIntoEddyLivePlaysThroughALeechersGateway() throws Exception {
    assumeTrue(installed("ffmpeg") && installed("ffprobe"), "ffmpeg and ffprobe are needed (Debian package ffmpeg; .ci/run installs it)");
    try (EddyProcess source = EddyProcess.start(dir, List.of(), "live", "-", "--listen", "127.0.0.1:0")) {
      String swarm = await(source, source::out, LIVE_SWARM);
      String sourceAddress = await(source, source::out, LIVE_SOURCE);
      try (EddyProcess leecher = EddyProcess.start(dir, List.of(), "get", "--live", swarm, "--peer", sourceAddress,
          "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0", "--idle-timeout", "3s")) {
        String url = await(leecher, leecher::err, LIVE_URL);
        Process player = spawn("player", "ffmpeg", "-v", "error", "-i", url, "-f", "null", "-", "-progress", "pipe:1");
        await(leecher, leecher::err, LIVE_ANSWERED); // the player is in before the first byte

        Process encoder = new ProcessBuilder("ffmpeg", "-v", "error", "-re", "-f", "lavfi", "-i",
            "testsrc2=duration=" + SECONDS + ":size=320x240:rate=" + FPS, "-c:v", "libx264", "-preset", "ultrafast",
            "-g", String.valueOf(FPS), "-pix_fmt", "yuv420p", "-f", "mpegts", "pipe:1")
            .redirectError(dir.resolve("encoder.err").toFile()).start();
        Thread pipe = new Thread(() -> {
          try (var in = encoder.getInputStream(); var out = source.process.getOutputStream()) {
            in.transferTo(out); // ffmpeg flushes each packet: the source gets the stream as it is encoded
          } catch (IOException e) {
            // the source went away: the assertions below say so
          }
        }, "encoder-to-eddy-live");
        pipe.start();
        Thread.sleep(SECONDS * 1000 / 2);
        Process midway = spawn("midway", "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames", "-of", "default=noprint_wrappers=1", url);

        assertThat(encoder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(encoder.exitValue()).as(Files.readString(dir.resolve("encoder.err"))).isZero();
        pipe.join(10_000);
        assertThat(leecher.waitFor(30)).as(leecher.err()).isZero();
        assertThat(player.waitFor(20, TimeUnit.SECONDS)).as("the response ended with the stream").isTrue();
        assertThat(player.exitValue()).as(Files.readString(dir.resolve("player.err"))).isZero();
        assertThat(Files.readString(dir.resolve("player.err"))).as("decode errors").isEmpty();
        assertThat(lastValue(Files.readString(dir.resolve("player.out")), "frame")).isEqualTo(String.valueOf(SECONDS * FPS));
        assertThat(midway.waitFor(20, TimeUnit.SECONDS)).isTrue();
        int late = Integer.parseInt(lastValue(Files.readString(dir.resolve("midway.out")), "nb_read_frames"));
        assertThat(late).as("frames decoded from the live edge; " + Files.readString(dir.resolve("midway.err")))
            .isPositive().isLessThan(SECONDS * FPS);
        assertThat(leecher.err()).contains("http readers cut for falling behind the window: 0");
      }
    }
  }

  /** Starts {@code command} with its output in {@code name}.out and .err. */
  private Process spawn(String name, String... command) throws IOException {
    return new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile()).start();
  }

  /** The first group of {@code pattern} once {@code text} shows it. */
  private static String await(EddyProcess p, IoText text, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(text.get());
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      if (!p.process.isAlive()) {
        throw new AssertionError("eddy exited " + p.process.exitValue() + ": " + p.out() + p.err());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("eddy did not say " + pattern + ": " + p.out() + p.err());
  }

  private interface IoText {
    String get() throws IOException;
  }

  private byte[] curlRange(String url, String range) throws Exception {
    Path part = Files.createTempFile(dir, "range", ".bin");
    Run r = run(30, "curl", "-sS", "-f", "-r", range, "-o", part.toString(), url);
    assertThat(r.exit()).as("curl -r " + range + ": " + r.err()).isZero();
    return Files.readAllBytes(part);
  }

  private static String awaitUrl(EddyProcess get) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher m = URL.matcher(get.out());
      if (m.find()) {
        return m.group(1);
      }
      if (!get.process.isAlive()) {
        throw new AssertionError("eddy get exited " + get.process.exitValue() + ": " + get.err());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("eddy get did not start its gateway: " + get.out() + get.err());
  }

  /** A gateway keeps serving after the download: the download line comes, the process stays. */
  private static void awaitDownloaded(EddyProcess get) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!get.out().contains("Still serving over HTTP") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(get.out()).contains("Downloaded").contains("Still serving over HTTP");
    assertThat(get.process.isAlive()).as("still serving after the download").isTrue();
  }

  /** The value of the last {@code key=value} line. */
  private static String lastValue(String output, String key) {
    String value = null;
    for (String line : output.split("\n")) {
      if (line.startsWith(key + "=")) {
        value = line.substring(key.length() + 1).strip();
      }
    }
    if (value == null) {
      throw new AssertionError("no " + key + "= in: " + output);
    }
    return value;
  }

  private static boolean installed(String tool) {
    try {
      return new ProcessBuilder(tool, "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private Run run(int seconds, String... command) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s: "
          + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }
}
