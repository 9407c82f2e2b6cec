package dev.eddy.dashboards.jmc;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.item.IItemCollection;
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

/** Shared shape of our rules: topic "PPSPP", a score, and results built with plain text. */
abstract class PpsppRule extends AbstractRule {
  static final String TOPIC = "PPSPP";
  static final String EVENT = "dev.eddy.ppspp.";

  PpsppRule(String id, String name, Collection<TypedPreference<?>> preferences,
      Map<String, EventAvailability> requiredEvents) {
    super(id, name, TOPIC, preferences, List.of(TypedResult.SCORE), requiredEvents);
  }

  @Override
  protected final IResult getResult(IItemCollection items, IPreferenceValueProvider preferences,
      IResultValueProvider dependencies) {
    return evaluate(items, preferences);
  }

  abstract IResult evaluate(IItemCollection items, IPreferenceValueProvider preferences);

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
