package dev.eddy.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eddy get --output} refuses every output it must not write over, before it sends a single datagram
 * (the peer here is a socket that never answers, so only the output check can end these commands quickly).
 */
class GetOutputTest {
  private static final String SWARM = "c89800bfc82ed01ed6e3bfd5408c51274491f7d4";

  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private DatagramSocket silent;

  @BeforeEach
  void openSilentPeer() throws IOException {
    silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void closeSilentPeer() {
    silent.close();
  }

  private int get(Path output, String... extra) {
    String[] args = new String[6 + extra.length];
    System.arraycopy(new String[] {"get", SWARM, "--peer", "127.0.0.1:" + silent.getLocalPort(), "--output", output.toString()},
        0, args, 0, 6);
    System.arraycopy(extra, 0, args, 6, extra.length);
    return EddyCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  private static Path mkfifo(Path path) throws Exception {
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assumeTrue(p.waitFor() == 0, "mkfifo is available");
    return path;
  }

  @Test
  void aFifoIsRefusedAndStaysAFifo() throws Exception {
    Path fifo = mkfifo(tmp.resolve("pipe"));

    assertThat(get(fifo, "--force")).isEqualTo(2);

    assertThat(err.toString()).isEqualTo("eddy: " + fifo + " exists and is a device, FIFO or socket, not a regular file: "
        + "give a file name for --output\n");
    assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.isDirectory(fifo)).isFalse();
    assertThat(tmp.resolve("pipe.part")).doesNotExist();
  }

  @Test
  void aDirectoryIsRefused() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("downloads"));

    assertThat(get(dir, "--force")).isEqualTo(2);

    assertThat(err.toString()).isEqualTo("eddy: " + dir + " exists and is a directory, not a regular file: "
        + "give a file name for --output\n");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aSymbolicLinkIsRefusedAndItsTargetLeftAlone() throws Exception {
    Path mine = Files.writeString(tmp.resolve("mine.txt"), "keep me");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), mine);

    assertThat(get(link, "--force")).isEqualTo(2);

    assertThat(err.toString()).contains(link + " exists and is a symbolic link");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(mine).hasContent("keep me");
  }

  @Test
  void anExistingFileIsKeptWithoutForce() throws Exception {
    Path existing = Files.writeString(tmp.resolve("content.bin"), "keep me");

    assertThat(get(existing)).isEqualTo(2);

    assertThat(err.toString()).isEqualTo("eddy: " + existing + " already exists: use --force to replace it, or another --output\n");
    assertThat(existing).hasContent("keep me");
    assertThat(tmp.resolve("content.bin.part")).doesNotExist();
  }

  @Test
  void aPartialFileThatIsNotAFileIsRefused() throws Exception {
    Path fifo = mkfifo(tmp.resolve("content.bin.part"));

    assertThat(get(tmp.resolve("content.bin"))).isEqualTo(2);

    assertThat(err.toString()).startsWith("eddy: " + fifo + " (the partial file of " + tmp.resolve("content.bin")
        + ") exists and is a device, FIFO or socket; move it away");
  }

  @Test
  void anUnwritableLocationReportsTheSystemsReasonNotDiskFull() {
    Path nowhere = Path.of("/proc/eddy-cannot-write-here");

    assertThat(get(nowhere)).isEqualTo(6);

    assertThat(err.toString()).startsWith("eddy: cannot write the output: creating /proc/eddy-cannot-write-here.part: ")
        .doesNotContain("disk full");
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = tmp.resolve("no/such/dir/out.bin");

    assertThat(get(missing)).isEqualTo(6);

    assertThat(err.toString()).isEqualTo("eddy: cannot write the output: no such directory: " + tmp.resolve("no/such/dir") + "\n");
  }
}
