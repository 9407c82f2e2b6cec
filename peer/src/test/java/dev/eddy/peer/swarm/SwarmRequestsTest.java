package dev.eddy.peer.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.peer.merkle.HashFunction;
import dev.eddy.peer.merkle.MerkleTree;
import dev.eddy.peer.merkle.ReceiverKnowledge;
import dev.eddy.peer.storage.ContentFile;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a swarm spares its seeders' upload: requests moved off them, a seeder's repeated sends held back. */
class SwarmRequestsTest {
  private static final int CHUNK = 1024;
  private static final int CHUNKS = 64;
  @TempDir Path dir;

  /** A member that records what the swarm asks of it. */
  private static final class Member implements SwarmMember {
    final boolean seeds;
    final List<String> givenBack = new ArrayList<>();
    final BitSet has = new BitSet();
    boolean chokesUs;
    boolean completedDownload;

    Member(boolean seeds) {
      this.seeds = seeds;
      if (seeds) {
        has.set(0, CHUNKS);
      }
    }

    /** A downloader that announced {@code [first, last]}. */
    static Member holding(int first, int last) {
      Member m = new Member(false);
      m.has.set(first, last + 1);
      return m;
    }

    @Override
    public void announce(long firstChunk, long lastChunk) {}

    @Override
    public void cancelIfRequested(long chunk) {}

    @Override
    public void giveBackRequested(long first, long last) {
      givenBack.add(first + ".." + last);
    }

    @Override
    public boolean remoteHasEverything() {
      return seeds;
    }

    @Override
    public boolean downloads() {
      return !seeds || completedDownload;
    }

    @Override
    public boolean servesUs() {
      return !chokesUs;
    }

    @Override
    public BitSet remoteHas() {
      return has;
    }

    @Override
    public void wakeUp() {}
  }

  private MerkleTree content() throws Exception {
    byte[] bytes = new byte[CHUNKS * CHUNK];
    new Random(5).nextBytes(bytes);
    Path file = dir.resolve("content.bin");
    Files.write(file, bytes);
    return MerkleTree.build(file, CHUNK, HashFunction.SHA1);
  }

  /** A download that has verified its first chunk, so it knows the content's size. */
  private Swarm downloadingWithSize(MerkleTree tree) throws Exception {
    Swarm swarm = Swarm.downloading(tree.rootHash(), HashFunction.SHA1, CHUNK, dir.resolve("copy.bin"), PickOrder.RAREST_FIRST, SwarmListener.NONE);
    byte[] first = Files.readAllBytes(dir.resolve("content.bin"));
    Swarm.Outcome outcome = swarm.onData(0, Unpooled.wrappedBuffer(first, 0, CHUNK), tree.proof(0, new ReceiverKnowledge(CHUNKS)));
    assertThat(outcome).isEqualTo(Swarm.Outcome.VERIFIED);
    return swarm;
  }

  @Test
  void chunksAnotherDownloaderAnnouncesAreNoLongerAskedOfSeeders() throws Exception {
    Swarm swarm = downloadingWithSize(content());
    Member seeder = new Member(true);
    Member otherSeeder = new Member(true);
    Member downloader = new Member(false);
    swarm.join(seeder);
    swarm.join(otherSeeder);
    swarm.join(downloader);

    swarm.onRemoteHave(downloader, new BitSet(), 5, 9);
    swarm.onRemoteHave(downloader, new BitSet(), 60, 100); // clamped to the content

    assertThat(seeder.givenBack).containsExactly("5..9", "60..63");
    assertThat(otherSeeder.givenBack).containsExactly("5..9", "60..63");
    assertThat(downloader.givenBack).isEmpty();
  }

  @Test
  void whatADownloaderThatChokesUsAnnouncesMovesNothing() throws Exception {
    Swarm swarm = downloadingWithSize(content());
    Member seeder = new Member(true);
    Member choking = new Member(false);
    choking.chokesUs = true;
    swarm.join(seeder);
    swarm.join(choking);

    swarm.onRemoteHave(choking, new BitSet(), 5, 9);

    assertThat(seeder.givenBack).as("we cannot get them from it").isEmpty();
  }

  /** Every chunk {@code swarm} picks for {@code member} in one call ({@code idle}: nothing outstanding there). */
  private static BitSet pick(Swarm swarm, Member member, BitSet requestedHere, boolean idle) {
    BitSet picked = new BitSet();
    swarm.pick(member, requestedHere, CHUNKS, idle, (first, last) -> picked.set((int) first, (int) last + 1));
    requestedHere.or(picked);
    return picked;
  }

  @Test
  void aSeederIsAskedOnlyForWhatNoDownloaderServingUsHolds() throws Exception {
    Swarm swarm = downloadingWithSize(content()); // holds chunk 0
    Member seeder = new Member(true);
    Member serving = Member.holding(10, 19);
    Member choking = Member.holding(20, 29);
    choking.chokesUs = true;
    swarm.join(seeder);
    swarm.join(serving);
    swarm.join(choking);
    BitSet askedOfSeeder = new BitSet();

    BitSet first = pick(swarm, seeder, askedOfSeeder, true);

    BitSet expected = new BitSet();
    expected.set(1, CHUNKS);
    expected.clear(10, 20); // the serving downloader's: left to its channel
    assertThat(first).as("a choking downloader's chunks come from the seeder").isEqualTo(expected);
    assertThat(pick(swarm, seeder, askedOfSeeder, false)).as("requests still outstanding there").isEqualTo(new BitSet());

    BitSet fromServing = pick(swarm, serving, new BitSet(), true);
    assertThat(fromServing.cardinality()).isEqualTo(10);
    assertThat(fromServing.nextSetBit(0)).isEqualTo(10);
  }

  @Test
  void aSeederIsAskedForADownloadersChunksOnceItNoLongerServesUs() throws Exception {
    Swarm swarm = downloadingWithSize(content());
    Member seeder = new Member(true);
    Member serving = Member.holding(1, CHUNKS - 1);
    swarm.join(seeder);
    swarm.join(serving);
    BitSet askedOfSeeder = new BitSet();
    assertThat(pick(swarm, seeder, askedOfSeeder, false)).as("all of it comes from the downloader").isEqualTo(new BitSet());

    serving.chokesUs = true; // or it let our requests time out, or its channel closed

    assertThat(pick(swarm, seeder, askedOfSeeder, false).cardinality()).isEqualTo(CHUNKS - 1);
  }

  @Test
  void aSeederWithNothingElseToSendIsAskedForWhatDownloadersHold() throws Exception {
    Swarm swarm = downloadingWithSize(content());
    Member seeder = new Member(true);
    Member slow = Member.holding(1, CHUNKS - 1);
    swarm.join(seeder);
    swarm.join(slow);
    pick(swarm, slow, new BitSet(), true);
    for (int c = 10; c < CHUNKS; c++) {
      swarm.picker().release(c); // its window holds the first few; the rest goes back to the picker
    }

    assertThat(pick(swarm, seeder, new BitSet(), true)).as("a seeder with upload to spare is not left idle while a"
        + " slower downloader holds the rest").isEqualTo(BitSet.valueOf(new long[] {-1L << 10}));
  }

  @Test
  void aDownloaderThatCompletedStillSparesTheSeeder() throws Exception {
    Swarm swarm = downloadingWithSize(content());
    Member seeder = new Member(true);
    Member completed = new Member(true);
    completed.completedDownload = true;
    swarm.join(seeder);
    swarm.join(completed);

    assertThat(pick(swarm, seeder, new BitSet(), false)).as("all of it can come from the completed downloader").isEqualTo(new BitSet());
    assertThat(pick(swarm, completed, new BitSet(), true).cardinality()).isEqualTo(CHUNKS - 1);
    swarm.onRemoteHave(completed, new BitSet(), 5, 9);
    assertThat(seeder.givenBack).containsExactly("5..9");
    assertThat(completed.givenBack).isEmpty();
  }

  @Test
  void twoSeedersAreBothAsked() throws Exception {
    Swarm swarm = downloadingWithSize(content());
    Member seeder = new Member(true);
    Member otherSeeder = new Member(true);
    swarm.join(seeder);
    swarm.join(otherSeeder);
    BitSet requested = new BitSet();

    BitSet fromOne = pick(swarm, seeder, requested, true);
    assertThat(fromOne.cardinality()).isEqualTo(CHUNKS - 1);
  }

  @Test
  void whatASeederAnnouncesMovesNothingAndWhatADownloaderAnnouncesDoesUpToItsLastChunk() throws Exception {
    Swarm swarm = downloadingWithSize(content());
    Member seeder = new Member(true);
    Member otherSeeder = new Member(true);
    Member newSeeder = new Member(true); // its first HAVE: no announcement of it grew (Channel.downloads)
    Member finishing = new Member(false);
    swarm.join(seeder);
    swarm.join(otherSeeder);
    swarm.join(newSeeder);
    swarm.join(finishing);

    swarm.onRemoteHave(otherSeeder, new BitSet(), 0, CHUNKS - 1);
    swarm.onRemoteHave(newSeeder, new BitSet(), 0, CHUNKS + 10); // everything, and beyond
    assertThat(seeder.givenBack).as("a second seeder takes nothing from the first").isEmpty();
    BitSet allButTwo = new BitSet();
    allButTwo.set(0, CHUNKS);
    allButTwo.clear(3);
    allButTwo.clear(CHUNKS - 1);
    swarm.onRemoteHave(finishing, allButTwo, 3, 3);
    assertThat(seeder.givenBack).as("a downloader's gap filled, another still open").containsExactly("3..3");
    allButTwo.set(3);
    swarm.onRemoteHave(finishing, allButTwo, CHUNKS - 1, CHUNKS - 1); // its last gap: complete, still a downloader

    assertThat(seeder.givenBack).containsExactly("3..3", "63..63");
    assertThat(otherSeeder.givenBack).containsExactly("3..3", "63..63");
    assertThat(finishing.givenBack).isEmpty();
  }

  @Test
  void aSeederHoldsBackAChunkItJustSentOnlyWhileOthersCanOfferIt() throws Exception {
    MerkleTree tree = content();
    Swarm seeding = Swarm.seeding(tree, ContentFile.open(dir.resolve("content.bin"), CHUNK));
    Member first = new Member(false);
    seeding.join(first);
    seeding.onUploaded(3, CHUNK, 0);
    assertThat(seeding.sentMomentsAgo(3, 1)).as("a lone downloader has no one else to get it from").isFalse();

    seeding.join(new Member(false));
    assertThat(seeding.sentMomentsAgo(3, 1)).isTrue();
    assertThat(seeding.sentMomentsAgo(4, 1)).as("never sent").isFalse();
    assertThat(seeding.sentMomentsAgo(3, RecentUploads.HOLD_NS)).isFalse();
  }

  @Test
  void aDownloaderServesWithoutHolding() throws Exception {
    Swarm swarm = downloadingWithSize(content());
    swarm.join(new Member(false));
    swarm.join(new Member(false));
    swarm.onUploaded(0, CHUNK, 0);
    assertThat(swarm.sentMomentsAgo(0, 1)).isFalse();
  }
}
