package dev.eddy.dashboards.jmc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrAttributes;

/**
 * Our events as rows with fields read by name. JMC keys attributes by name and content type, and the content
 * type JMC infers for a field depends on its annotations; looking fields up by name alone keeps the rules
 * working whatever JMC makes of {@code @DataAmount} or an unannotated {@code long}.
 */
final class EventRows {
  private EventRows() {}

  static List<Row> of(IItemCollection items, String typeId) {
    List<Row> rows = new ArrayList<>();
    for (IItemIterable iterable : items.apply(ItemFilters.type(typeId))) {
      IType<IItem> type = iterable.getType();
      Map<String, IMemberAccessor<?, IItem>> accessors = new HashMap<>();
      for (IAccessorKey<?> key : type.getAccessorKeys().keySet()) {
        accessors.put(key.getIdentifier(), type.getAccessor(key));
      }
      IMemberAccessor<IQuantity, IItem> end = JfrAttributes.END_TIME.getAccessor(type);
      for (IItem item : iterable) {
        rows.add(new Row(type.getIdentifier(), item, accessors, end));
      }
    }
    rows.sort((a, b) -> Long.compare(a.endNanos(), b.endNanos()));
    return rows;
  }

  static final class Row {
    private final String typeId;
    private final IItem item;
    private final Map<String, IMemberAccessor<?, IItem>> accessors;
    private final IMemberAccessor<IQuantity, IItem> end;

    private Row(String typeId, IItem item, Map<String, IMemberAccessor<?, IItem>> accessors, IMemberAccessor<IQuantity, IItem> end) {
      this.typeId = typeId;
      this.item = item;
      this.accessors = accessors;
      this.end = end;
    }

    /** The event type's name, e.g. {@code dev.eddy.ppspp.Choke}. */
    String typeId() {
      return typeId;
    }

    private Object value(String field) {
      IMemberAccessor<?, IItem> accessor = accessors.get(field);
      return accessor == null ? null : accessor.getMember(item);
    }

    String text(String field) {
      Object v = value(field);
      return v == null || v.toString().isEmpty() ? "(unknown)" : v.toString();
    }

    long number(String field) {
      Object v = value(field);
      if (v instanceof IQuantity q) {
        return q.longValue();
      }
      return v instanceof Number n ? n.longValue() : 0;
    }

    boolean flag(String field) {
      return Boolean.TRUE.equals(value(field));
    }

    long endNanos() {
      return end == null ? 0 : end.getMember(item).clampedLongValueIn(UnitLookup.EPOCH_NS);
    }

    /** The chunks a message or retransmission covers (its range), at least one. */
    long chunks() {
      long first = number("chunkStart");
      long last = number("chunkEnd");
      return first >= 0 && last >= first ? last - first + 1 : 1;
    }

    String peer() {
      return text("remoteAddress");
    }
  }
}
