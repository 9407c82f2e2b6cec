package dev.eddy.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import org.junit.jupiter.api.Test;

/** The conventions of DESIGN.md §4, checked on the metadata JFR itself derives from our classes. */
class EventMetadataTest {
  private static final Set<String> IMPLICIT_FIELDS = Set.of("startTime", "duration", "eventThread", "stackTrace");
  private static final Set<String> RECORDABLE_TYPES =
      Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double", "java.lang.String", "java.lang.Thread", "java.lang.Class");
  private static final Set<String> PER_MESSAGE =
      Set.of("dev.eddy.ppspp.MessageSent", "dev.eddy.ppspp.MessageReceived", "dev.eddy.ppspp.ChunkVerified");

  @Test
  void namesAreTheClassNameWithoutEventSuffixUnderOurNamespace() {
    for (Class<? extends jdk.jfr.Event> c : PpsppEvents.TYPES) {
      EventType type = EventType.getEventType(c);
      assertThat(c.getSimpleName()).endsWith("Event");
      assertThat(type.getName()).isEqualTo("dev.eddy.ppspp." + c.getSimpleName().replaceFirst("Event$", ""));
    }
  }

  @Test
  void everyTypeHasLabelDescriptionAndOurCategory() {
    for (Class<? extends jdk.jfr.Event> c : PpsppEvents.TYPES) {
      EventType type = EventType.getEventType(c);
      assertThat(type.getLabel()).as(type.getName()).startsWith("PPSPP ");
      assertThat(type.getDescription()).as(type.getName()).isNotBlank();
      assertThat(type.getCategoryNames()).as(type.getName()).startsWith("Eddy", "PPSPP").hasSize(3);
    }
  }

  @Test
  void everyFieldHasALabelAndARecordableType() {
    for (Class<? extends jdk.jfr.Event> c : PpsppEvents.TYPES) {
      EventType type = EventType.getEventType(c);
      List<ValueDescriptor> own = type.getFields().stream().filter(f -> !IMPLICIT_FIELDS.contains(f.getName())).toList();
      assertThat(own).as(type.getName()).isNotEmpty();
      for (ValueDescriptor f : own) {
        assertThat(f.getLabel()).as(type.getName() + "." + f.getName()).isNotBlank();
        assertThat(f.getTypeName()).as(type.getName() + "." + f.getName()).isIn(RECORDABLE_TYPES);
        assertThat(f.isArray()).isFalse();
      }
    }
  }

  @Test
  void channelIdsAreSignedLongs() {
    for (Class<? extends jdk.jfr.Event> c : PpsppEvents.TYPES) {
      EventType type = EventType.getEventType(c);
      for (String name : List.of("localChannel", "remoteChannel")) {
        ValueDescriptor f = type.getField(name);
        if (f != null) {
          assertThat(f.getTypeName()).as(type.getName() + "." + name).isEqualTo("long");
          assertThat(f.getContentType()).isNull();
        }
      }
    }
  }

  @Test
  void perMessageEventsAreOffByDefaultAndWithoutStackTraces() {
    for (Class<? extends jdk.jfr.Event> c : PpsppEvents.TYPES) {
      EventType type = EventType.getEventType(c);
      assertThat(defaultSetting(type, "enabled")).as(type.getName()).isEqualTo(PER_MESSAGE.contains(type.getName()) ? "false" : "true");
      assertThat(defaultSetting(type, "stackTrace")).as(type.getName()).isEqualTo("false");
    }
  }

  @Test
  void messageEventsShareTheSameFields() {
    List<String> sent = fieldNames(MessageSentEvent.class);
    assertThat(sent)
        .containsExactly(
            "startTime", "duration", "eventThread", "stackTrace", "messageType", "localChannel", "remoteChannel", "remoteAddress", "swarmId", "chunkStart", "chunkEnd", "datagramBytes");
    assertThat(fieldNames(MessageReceivedEvent.class)).isEqualTo(sent);
  }

  @Test
  void unitsAreAnnotated() {
    assertThat(EventType.getEventType(MessageSentEvent.class).getField("datagramBytes").getContentType()).isEqualTo("jdk.jfr.DataAmount");
    assertThat(EventType.getEventType(ChannelOpenedEvent.class).getField("handshakeTime").getContentType()).isEqualTo("jdk.jfr.Timespan");
    assertThat(EventType.getEventType(ChannelClosedEvent.class).getField("lifetime").getContentType()).isEqualTo("jdk.jfr.Timespan");
    ValueDescriptor rate = EventType.getEventType(SwarmStatisticsEvent.class).getField("downloadRate");
    assertThat(rate.getAnnotation(jdk.jfr.DataAmount.class)).isNotNull();
    assertThat(rate.getAnnotation(jdk.jfr.Frequency.class)).isNotNull();
    assertThat(EventType.getEventType(CongestionStateEvent.class).getField("queuingDelay").getContentType()).isEqualTo("jdk.jfr.Timespan");
  }

  private static String defaultSetting(EventType type, String name) {
    return type.getSettingDescriptors().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow().getDefaultValue();
  }

  private static List<String> fieldNames(Class<? extends jdk.jfr.Event> c) {
    return EventType.getEventType(c).getFields().stream().map(ValueDescriptor::getName).toList();
  }
}
