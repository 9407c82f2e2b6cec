package dev.eddy.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class InstrumenterTest {
  @Test
  void theAgentItsRelocatedByteBuddyAndItsGuardPackagesAreNeverInstrumented() {
    var ignored = Instrumenter.ignoredTypes();
    // The shaded jar relocates net.bytebuddy under dev.eddy.agent.shaded: covered by the agent's own prefix.
    assertThat(ignored.matches(TypeDescription.ForLoadedType.of(Instrumenter.class))).isTrue();
    assertThat(ignored.matches(new TypeDescription.Latent("dev.eddy.agent.shaded.bytebuddy.ByteBuddy", 1, null)))
        .isTrue();
    assertThat(ignored.matches(TypeDescription.ForLoadedType.of(String.class))).isTrue();
    assertThat(ignored.matches(TypeDescription.ForLoadedType.of(java.util.zip.CRC32.class))).isFalse();
    assertThat(ignored.matches(TypeDescription.ForLoadedType.of(net.bytebuddy.ByteBuddy.class))).isFalse();
  }
}
