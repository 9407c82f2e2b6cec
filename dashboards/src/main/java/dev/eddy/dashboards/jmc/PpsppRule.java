package dev.eddy.dashboards.jmc;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.util.LabeledIdentifier;
import org.openjdk.jmc.flightrecorder.jdk.JdkAttributes;
import org.openjdk.jmc.flightrecorder.jdk.JdkTypeIDs;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.common.util.TypedPreference;
import org.openjdk.jmc.flightrecorder.rules.AbstractRule;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IResultValueProvider;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit.EventAvailability;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit.RequiredEventsBuilder;

/** Shared shape of our rules: topic "PPSPP", a score, and results built with plain text. */
abstract class PpsppRule extends AbstractRule {
  static final String TOPIC = "PPSPP";
  static final String EVENT = "dev.eddy.ppspp.";
  static final String RECORD_DEFAULT = "Record with ppspp.jfc (the default of eddy seed/get --record FILE.jfr).";
  /** Rules about open channels need at least one: a recording of an idle peer is not judged. */
  static final Map<String, EventAvailability> NEEDS_CHANNELS =
      RequiredEventsBuilder.create().addEventType(EVENT + "ChannelOpened", EventAvailability.AVAILABLE).build();

  /** Our event types (names after {@link #EVENT}) that this rule judges: any one of them recorded will do. */
  private final List<String> judged;

  /**
   * @param judged the event types (names after {@link #EVENT}) the rule judges, any one of them enough: when none
   *     was recorded or enabled the result says so and {@link #evaluate} is not asked; empty for a rule that judges
   *     their absence itself
   */
  PpsppRule(String id, String name, Collection<TypedPreference<?>> preferences,
      Map<String, EventAvailability> requiredEvents, List<String> judged) {
    super(id, name, TOPIC, preferences, List.of(TypedResult.SCORE), requiredEvents);
    this.judged = judged;
  }

  @Override
  protected final IResult getResult(IItemCollection items, IPreferenceValueProvider preferences,
      IResultValueProvider dependencies) {
    if (!judged.isEmpty() && judged.stream().noneMatch(type -> recorded(items, EVENT + type))) {
      return notRecorded(preferences, EVENT + judged.get(0));
    }
    return evaluate(items, preferences);
  }

  /** The rule's result, once the event types it judges are known to be in the recording. */
  abstract IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences);

  /**
   * Whether the recording holds events of {@code typeId} or had it enabled. JMC's own availability check says
   * NONE for an enabled type that happened to produce no event (a transfer without retransmissions), so the
   * recording's settings (jdk.ActiveSetting) are read here too.
   */
  static boolean recorded(IItemCollection items, String typeId) {
    if (items.apply(ItemFilters.type(typeId)).hasItems()) {
      return true;
    }
    boolean enabled = false;
    for (IItemIterable iterable : items.apply(ItemFilters.type(JdkTypeIDs.RECORDING_SETTING))) {
      IMemberAccessor<LabeledIdentifier, IItem> forType = JdkAttributes.REC_SETTING_FOR.getAccessor(iterable.getType());
      IMemberAccessor<String, IItem> name = JdkAttributes.REC_SETTING_NAME.getAccessor(iterable.getType());
      IMemberAccessor<String, IItem> value = JdkAttributes.REC_SETTING_VALUE.getAccessor(iterable.getType());
      if (forType == null || name == null || value == null) {
        continue;
      }
      for (IItem item : iterable) {
        LabeledIdentifier type = forType.getMember(item);
        if (type != null && typeId.equals(type.getInterfaceId()) && "enabled".equals(name.getMember(item))) {
          enabled = "true".equals(value.getMember(item));
        }
      }
    }
    return enabled;
  }

  /** The rule cannot judge: its events were not recorded. */
  private IResult notRecorded(IPreferenceValueProvider preferences, String typeId) {
    return ResultBuilder.createFor(this, preferences).setSeverity(Severity.NA)
        .setSummary(braceFree(typeId + " events are not in this recording."))
        .setExplanation(braceFree("The event type was neither recorded nor enabled, so this rule cannot judge."))
        .setSolution(braceFree(RECORD_DEFAULT)).build();
  }

  /** A result whose severity follows from the score (0-100), as JMC's own rules do. */
  IResult result(IPreferenceValueProvider preferences, double score, String summary, String explanation,
      String solution) {
    ResultBuilder builder = ResultBuilder.createFor(this, preferences).setSeverity(Severity.get(score))
        .setSummary(braceFree(summary)).setExplanation(braceFree(explanation))
        .addResult(TypedResult.SCORE, UnitLookup.NUMBER_UNITY.quantity(score));
    if (solution != null) {
      builder.setSolution(braceFree(solution));
    }
    return builder.build();
  }

  /** ResultBuilder reads {name} as a placeholder for a typed result; our texts are literal. */
  private static String braceFree(String text) {
    return text.replace('{', '(').replace('}', ')');
  }
}
