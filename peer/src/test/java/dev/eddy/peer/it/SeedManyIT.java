package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code eddy seed DIR}: every file inside on one socket, each swarm ID printed once, each downloadable. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SeedManyIT {
  private static final Pattern SWARM = Pattern.compile("Swarm ID: ([0-9a-f]+)");

  @TempDir Path dir;

  @Test
  void seedsEveryFileOfADirectoryOnOneSocket() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    List<byte[]> contents = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 3; i++) {
      byte[] bytes = new byte[100_000 + 5_000 * i];
      random.nextBytes(bytes);
      contents.add(bytes);
      Files.write(shared.resolve("file" + i + ".bin"), bytes);
    }
    Files.write(shared.resolve("copy-of-file0.bin"), contents.get(0)); // the same swarm: listed once
    Files.write(shared.resolve("empty.bin"), new byte[0]);
    Files.write(shared.resolve(".hidden"), new byte[] {1});

    try (EddyProcess.Seeder seeder = EddyProcess.seed(dir, shared, List.of())) {
      String out = seeder.process().out();
      List<String> ids = new ArrayList<>();
      Matcher m = SWARM.matcher(out);
      while (m.find()) {
        ids.add(m.group(1));
      }
      assertThat(ids).as(out).hasSize(3).doesNotHaveDuplicates();
      assertThat(out).contains("Skipping " + shared.resolve("empty.bin") + ": empty").doesNotContain(".hidden");
      // Files are listed by name: copy-of-file0, file0 (the same swarm), file1, file2.
      for (int i = 0; i < 3; i++) {
        Path copy = dir.resolve("got" + i);
        try (EddyProcess get = EddyProcess.start(dir, List.of(), "get", ids.get(i), "--peer", seeder.address(),
            "--output", copy.toString(), "--timeout", "60s")) {
          assertThat(get.waitFor(90)).as(get.err()).isZero();
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(contents.get(i));
      }
    }
  }
}
