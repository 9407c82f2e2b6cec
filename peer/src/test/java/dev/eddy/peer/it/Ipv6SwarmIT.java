package dev.eddy.peer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPv6 end to end on {@code [::1]}: a seeder and two downloaders in separate JVMs, given only the seeder as
 * tracker. The second learns the first from the seeder's PEX_RESv6 (nothing else could name it: every address
 * is IPv6), and both copies are byte-exact.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Ipv6SwarmIT {
  private static final Pattern LEARNED = Pattern.compile("(\\d+) peers learned through PEX");

  @TempDir Path dir;

  @Test
  void aSwarmOnIpv6LoopbackFindsPeersThroughPexResV6() throws Exception {
    byte[] bytes = new byte[1 << 20];
    new Random(6).nextBytes(bytes);
    Path content = Files.write(dir.resolve("content.bin"), bytes);
    try (EddyProcess.Seeder seeder = EddyProcess.seed(dir, content, List.of(), "--listen", "[::1]:0", "--max-upload-rate", "256k")) {
      assertThat(seeder.address()).startsWith("[::1]:");
      EddyProcess first = EddyProcess.start(dir, List.of(), "get", seeder.swarmId(), "--tracker", seeder.address(),
          "--listen", "[::1]:0", "--output", dir.resolve("first").toString(), "--timeout", "90s");
      // Without --listen: an IPv6 tracker makes the downloader listen on [::1] too.
      EddyProcess second = EddyProcess.start(dir, List.of(), "get", seeder.swarmId(), "--tracker", seeder.address(),
          "--output", dir.resolve("second").toString(), "--timeout", "90s", "--debug");
      try {
        assertThat(first.waitFor(100)).as(first.err()).isZero();
        assertThat(second.waitFor(100)).as(second.err()).isZero();
        assertThat(Files.mismatch(dir.resolve("first"), content)).isEqualTo(-1L);
        assertThat(Files.mismatch(dir.resolve("second"), content)).isEqualTo(-1L);
        String log = second.out() + second.err();
        assertThat(log).contains("recv PEX_RESv6");
        Matcher learned = LEARNED.matcher(second.out());
        assertThat(learned.find()).as(second.out()).isTrue();
        assertThat(Long.parseLong(learned.group(1))).as(learned.group()).isPositive();
        assertThat(log).doesNotContain("/127.0.0.1:");
      } finally {
        first.close();
        second.close();
      }
    }
  }
}
