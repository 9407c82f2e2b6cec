package dev.eddy.dashboards.jmc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eddy.dashboards.testing.SimulatedSwarm;
import dev.eddy.dashboards.testing.SimulatedTransfer;
import dev.eddy.jfr.PpsppEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.IState;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemFilter;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.PersistableItemFilter;
import org.openjdk.jmc.common.util.StateToolkit;
import org.openjdk.jmc.common.util.StatefulState;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/**
 * {@code dashboards/jmc/eddy-pages.xml} read the way JMC's page import reads it (StateToolkit, then each page's
 * persisted filter), and applied to a real recording: every page shows events, every event type has a page.
 */
class JmcPagesTest {
  static final Path PAGES = Path.of("jmc", "eddy-pages.xml");
  static final String ITEM_HANDLER = "org.openjdk.jmc.flightrecorder.ui.itemhandler";
  @TempDir Path dir;

  @Test
  void everyPageParsesAndShowsEventsOfARecording() throws Exception {
    StatefulState root = StatefulState.create(StateToolkit.statefulFromXMLFile(PAGES.toFile(), StandardCharsets.UTF_8));
    Map<String, IState> pages = new LinkedHashMap<>();
    collect(root.getChildren(), pages);
    assertThat(pages).hasSize(11);
    IItemCollection items = JfrLoaderToolkit.loadEvents(List.of(
        SimulatedTransfer.record(dir.resolve("transfer.jfr"), Set.of()).toFile(),
        SimulatedSwarm.record(dir.resolve("swarm.jfr")).toFile(),
        SimulatedTransfer.recordLive(dir.resolve("live.jfr")).toFile()));

    Set<String> shown = new HashSet<>();
    for (Map.Entry<String, IState> page : pages.entrySet()) {
      IState state = page.getValue().getChild("state");
      assertThat(page.getValue().getAttribute("factory")).isEqualTo(ITEM_HANDLER);
      assertThat(state.getAttribute("name")).as(page.getKey()).isNotBlank();
      IItemFilter filter = PersistableItemFilter.readFrom(state.getChild("pageFilter"));
      List<String> types = new ArrayList<>();
      for (IItemIterable iterable : items.apply(filter)) {
        if (iterable.hasItems()) {
          types.add(iterable.getType().getIdentifier());
        }
      }
      assertThat(types).as("event types shown by page %s", page.getKey()).isNotEmpty();
      shown.addAll(types);
    }
    List<String> ours = new ArrayList<>(PpsppEvents.TYPES.stream()
        .map(c -> c.getAnnotation(jdk.jfr.Name.class).value()).toList());
    ours.add("dev.eddy.trace.MethodCall");
    assertThat(shown).containsExactlyInAnyOrderElementsOf(ours);
  }

  private static void collect(IState[] children, Map<String, IState> pages) {
    for (IState page : children) {
      if (page.getType().equals("page")) {
        pages.put(page.getAttribute("id"), page);
        collect(page.getChildren("page"), pages);
      }
    }
  }
}
