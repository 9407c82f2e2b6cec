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

/**
 * A swarm of separate JVMs on 127.0.0.1: one seeder held to 1 MiB/s and four downloaders given only the
 * seeder as their tracker. Every copy is byte-exact, every downloader learns peers through PEX and uploads to
 * the others, and the seeder sends less than twice the content (client-server would send it four times).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SwarmProcessIT {
  private static final int SIZE = 4 << 20;
  private static final int LEECHERS = 4;
  private static final Pattern GET_SUMMARY =
      Pattern.compile("Uploaded (\\d+) bytes to other peers; (\\d+) duplicate chunks received; (\\d+) peers learned through PEX");
  private static final Pattern SEED_SUMMARY = Pattern.compile("Uploaded (\\d+) bytes of swarm");

  @TempDir Path dir;

  @Test
  void leechersGivenOnlyTheTrackerFindEachOtherAndShareTheUpload() throws Exception {
    Path content = dir.resolve("content.bin");
    byte[] bytes = new byte[SIZE];
    new Random(17).nextBytes(bytes);
    Files.write(content, bytes);
    List<EddyProcess> gets = new ArrayList<>();
    EddyProcess.Seeder seeder = EddyProcess.seed(dir, content, List.of(), "--max-upload-rate", "1m");
    try {
      for (int i = 0; i < LEECHERS; i++) {
        gets.add(EddyProcess.start(dir, List.of(), "get", seeder.swarmId(), "--tracker", seeder.address(),
            "--output", dir.resolve("copy" + i).toString(), "--timeout", "150s"));
      }
      StringBuilder report = new StringBuilder();
      List<long[]> summaries = new ArrayList<>();
      for (EddyProcess get : gets) {
        assertThat(get.waitFor(160)).as(get.err()).isZero();
        Matcher m = GET_SUMMARY.matcher(get.out());
        assertThat(m.find()).as(get.out()).isTrue();
        summaries.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(3))});
        report.append(m.group()).append('\n');
      }
      seeder.close();
      Matcher s = SEED_SUMMARY.matcher(seeder.process().out());
      assertThat(s.find()).as(seeder.process().out()).isTrue();
      long seederUpload = Long.parseLong(s.group(1));
      report.insert(0, "seeder uploaded " + seederUpload + "\n");

      for (int i = 0; i < LEECHERS; i++) {
        assertThat(Files.mismatch(dir.resolve("copy" + i), content)).as("copy %d", i).isEqualTo(-1L);
        assertThat(summaries.get(i)[0]).as("leecher %d uploaded something\n%s", i, report).isPositive();
        assertThat(summaries.get(i)[1]).as("leecher %d learned peers through PEX\n%s", i, report).isPositive();
      }
      assertThat(seederUpload).as(report.toString()).isLessThan(2L * SIZE);
    } finally {
      gets.forEach(EddyProcess::close);
      seeder.close();
    }
  }
}
