package dev.eddy.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/** JDK Mission Control's own parser (what JMC and `eddy report` use) reads our types, labels and field values. */
class JmcParserTest {
  @TempDir Path dir;

  @Test
  void jmcReadsOurEventsWithTypedFields() throws Exception {
    Path file = dir.resolve("jmc.jfr");
    try (Recording r = new Recording()) {
      PpsppEvents.TYPES.forEach(t -> r.enable(t).withThreshold(Duration.ZERO));
      r.start();
      Samples.commitOneOfEach();
      r.stop();
      r.dump(file);
    }
    IItemCollection items = JfrLoaderToolkit.loadEvents(file.toFile());
    Map<String, Map<String, Object>> firstByType = new HashMap<>();
    Map<String, String> labels = new HashMap<>();
    for (IItemIterable iterable : items) {
      IType<IItem> type = iterable.getType();
      if (!type.getIdentifier().startsWith("dev.eddy.ppspp.") || firstByType.containsKey(type.getIdentifier())) {
        continue;
      }
      labels.put(type.getIdentifier(), type.getName());
      IItem item = iterable.iterator().next();
      Map<String, Object> fields = new HashMap<>();
      for (IAccessorKey<?> key : type.getAccessorKeys().keySet()) {
        IMemberAccessor<?, IItem> accessor = type.getAccessor(key);
        Object value = accessor.getMember(item);
        if (value != null) {
          fields.put(key.getIdentifier(), value);
        }
      }
      firstByType.put(type.getIdentifier(), fields);
    }
    assertThat(firstByType).hasSize(PpsppEvents.TYPES.size());
    assertThat(labels).containsEntry("dev.eddy.ppspp.ChannelOpened", "PPSPP Channel Opened");

    Map<String, Object> sent = firstByType.get("dev.eddy.ppspp.MessageSent");
    assertThat(sent).containsEntry("messageType", "DATA").containsEntry("swarmId", "e5a12c7ad2d8fab3");
    assertThat(((IQuantity) sent.get("datagramBytes")).longValueIn(UnitLookup.BYTE)).isEqualTo(1060);
    assertThat(((Number) sent.get("localChannel")).longValue()).isEqualTo(0xfedcba98L);

    Map<String, Object> opened = firstByType.get("dev.eddy.ppspp.ChannelOpened");
    assertThat(opened).containsEntry("chunkAddressing", "32-bit chunk ranges (2)").containsEntry("initiatedLocally", Boolean.TRUE);
    assertThat(((IQuantity) opened.get("handshakeTime")).longValueIn(UnitLookup.MILLISECOND)).isEqualTo(3);

    Map<String, Object> swarm = firstByType.get("dev.eddy.ppspp.SwarmStatistics");
    IQuantity rate = (IQuantity) swarm.get("downloadRate");
    // JMC has no data-rate kind: @DataAmount @Frequency reaches it as a frequency whose number is bytes per second.
    assertThat(rate.getUnit().getContentType()).isEqualTo(UnitLookup.FREQUENCY);
    assertThat(rate.longValue()).isEqualTo(5_000_000);
    assertThat(((IQuantity) swarm.get("progress")).doubleValueIn(UnitLookup.PERCENT_UNITY)).isEqualTo(0.25);

    assertThat(firstByType.get("dev.eddy.ppspp.DatagramDropped")).containsEntry("detail", "truncated HAVE at offset 4");
  }
}
