package dev.eddy.agent.session;

import dev.eddy.agent.spec.Condition;
import dev.eddy.agent.spec.Condition.Compare;
import dev.eddy.agent.spec.Condition.Literal;
import dev.eddy.agent.spec.Condition.Op;
import dev.eddy.agent.spec.SpecException;
import dev.eddy.agent.spec.When;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a {@code when:} clause against the methods it will see, and evaluates it per call. Evaluation
 * reads arguments, fields (by reflection, never through a getter), the return value and the exception;
 * it calls no method of the traced code, so it cannot run user code. Numbers compare as numbers, strings
 * with {@code equals}, enum constants by their name field.
 */
final class ConditionEvaluator {

  /** A value the condition cannot read for this call: the call is not reported, the reason is, once. */
  static final class Unreadable extends Exception {
    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  private static final ClassValue<Map<String, Field>> FIELDS = new ClassValue<>() {
    @Override
    protected Map<String, Field> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  private ConditionEvaluator() {}

  /**
   * Evaluates {@code c} for one call; allocates nothing for comparisons of primitives, boxed arguments and
   * strings. {@code returned}, {@code thrown} and {@code elapsedNanos} only mean something at exit.
   */
  static boolean test(Condition c, Object self, Object[] args, Object returned, Throwable thrown, long elapsedNanos)
      throws Unreadable {
    if (c instanceof Condition.And a) {
      return test(a.left(), self, args, returned, thrown, elapsedNanos)
          && test(a.right(), self, args, returned, thrown, elapsedNanos);
    }
    if (c instanceof Condition.Or o) {
      return test(o.left(), self, args, returned, thrown, elapsedNanos)
          || test(o.right(), self, args, returned, thrown, elapsedNanos);
    }
    if (c instanceof Condition.Not n) {
      return !test(n.operand(), self, args, returned, thrown, elapsedNanos);
    }
    if (c instanceof Condition.Threw t) {
      return thrown != null && (t.type().isEmpty() || isA(thrown.getClass(), t.type().get()));
    }
    Compare cmp = (Compare) c;
    Condition.Operand operand = cmp.operand();
    if (operand instanceof Condition.Elapsed) {
      return cmp.op().test(Long.compare(elapsedNanos, ((Condition.Nanos) cmp.literal()).value()));
    }
    Object value;
    if (operand instanceof Condition.Arg arg) {
      if (arg.index() >= args.length) {
        throw new Unreadable(operand.text() + ": the method has " + args.length + " parameters");
      }
      value = args[arg.index()];
    } else if (operand instanceof Condition.This) {
      if (self == null) {
        throw new Unreadable("this: the method is static");
      }
      value = self;
    } else {
      value = returned;
    }
    List<String> fields = operand.fields();
    for (int i = 0; i < fields.size(); i++) {
      if (value == null) {
        throw new Unreadable(operand.text() + ": null before field '" + fields.get(i) + "'");
      }
      Field f = field(value.getClass(), fields.get(i), operand);
      if (f.getType().isPrimitive()) {
        if (i < fields.size() - 1) {
          throw new Unreadable(operand.text() + ": " + f.getName() + " is a " + f.getType() + " and has no fields");
        }
        return comparePrimitive(value, f, cmp);
      }
      try {
        value = f.get(value);
      } catch (IllegalAccessException e) {
        throw new Unreadable(operand.text() + ": cannot read " + f + ": " + e.getMessage());
      }
    }
    return compare(value, cmp.op(), cmp.literal(), cmp);
  }

  /** A primitive field, read without boxing. */
  private static boolean comparePrimitive(Object holder, Field f, Compare cmp) throws Unreadable {
    Literal literal = cmp.literal();
    Class<?> type = f.getType();
    try {
      if (literal instanceof Condition.Null) {
        return cmp.op() == Op.NE; // a primitive is never null
      }
      if (literal instanceof Condition.Bool bool && type == boolean.class) {
        return cmp.op().test(f.getBoolean(holder) == bool.value() ? 0 : 1);
      }
      if (literal instanceof Condition.Num num && type != boolean.class) {
        return cmp.op().test(type == double.class || type == float.class || !num.integral()
            ? Double.compare(f.getDouble(holder), num.value())
            : Long.compare(f.getLong(holder), (long) num.value()));
      }
    } catch (IllegalAccessException e) {
      throw new Unreadable(cmp.operand().text() + ": cannot read " + f + ": " + e.getMessage());
    }
    throw new Unreadable(cmp.operand().text() + " is a " + type + ", which does not compare with that value");
  }

  private static boolean compare(Object value, Op op, Literal literal, Compare cmp) throws Unreadable {
    if (literal instanceof Condition.Null) {
      return op == Op.EQ ? value == null : value != null;
    }
    if (value == null) {
      return op == Op.NE; // null equals nothing but null, and has no order
    }
    if (literal instanceof Condition.Num num) {
      if (!(value instanceof Number n)) {
        throw mismatch(cmp, value, "a number");
      }
      boolean integral = n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
      return op.test(integral && num.integral()
          ? Long.compare(n.longValue(), (long) num.value())
          : Double.compare(n.doubleValue(), num.value()));
    }
    if (literal instanceof Condition.Str str) {
      if (!(value instanceof String s)) {
        throw mismatch(cmp, value, "a String");
      }
      return op.test(s.compareTo(str.value()));
    }
    if (literal instanceof Condition.Bool bool) {
      if (!(value instanceof Boolean b)) {
        throw mismatch(cmp, value, "a boolean");
      }
      return op.test(b == bool.value() ? 0 : 1);
    }
    String name = ((Condition.Name) literal).value();
    if (!(value instanceof Enum<?> e)) {
      throw mismatch(cmp, value, "an enum constant");
    }
    return op.test(e.name().equals(name) ? 0 : 1);
  }

  private static Unreadable mismatch(Compare cmp, Object value, String wanted) {
    return new Unreadable(cmp.operand().text() + " is a " + value.getClass().getName() + ", not " + wanted);
  }

  private static boolean isA(Class<?> type, String name) {
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      if (t.getName().equals(name) || t.getSimpleName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Field field(Class<?> type, String name, Condition.Operand operand) throws Unreadable {
    Map<String, Field> cache = FIELDS.get(type);
    Field f = cache.get(name);
    if (f == null) {
      f = find(type, name);
      if (f == null) {
        throw new Unreadable(operand.text() + ": " + type.getName() + " has no field '" + name + "'");
      }
      try {
        f.setAccessible(true);
      } catch (RuntimeException e) {
        throw new Unreadable("cannot read field " + f + ": " + e.getMessage());
      }
      cache.put(name, f);
    }
    return f;
  }

  private static Field find(Class<?> type, String name) {
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      for (Field f : t.getDeclaredFields()) {
        if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
          return f;
        }
      }
    }
    return null;
  }

  /**
   * Type-checks {@code when} against every method it will be evaluated on that is loaded now (classes that
   * load later are read at run time, and a value of the wrong type there is reported once, not matched).
   *
   * @throws SpecException naming the method and the position in the clause
   */
  static void check(When when, List<Method> methods) throws SpecException {
    for (Method m : methods) {
      String problem = problem(when.condition(), m);
      if (problem != null) {
        throw new SpecException("condition '" + when.text() + "', " + problem + " in " + m.getDeclaringClass().getName()
            + "." + m.getName() + describe(m.getParameterTypes()));
      }
    }
  }

  private static String describe(Class<?>[] params) {
    StringBuilder s = new StringBuilder("(");
    for (Class<?> p : params) {
      s.append(s.length() > 1 ? ", " : "").append(p.getSimpleName());
    }
    return s.append(")").toString();
  }

  private static String problem(Condition c, Method m) {
    if (c instanceof Condition.And a) {
      String left = problem(a.left(), m);
      return left != null ? left : problem(a.right(), m);
    }
    if (c instanceof Condition.Or o) {
      String left = problem(o.left(), m);
      return left != null ? left : problem(o.right(), m);
    }
    if (c instanceof Condition.Not n) {
      return problem(n.operand(), m);
    }
    if (!(c instanceof Compare cmp) || cmp.operand() instanceof Condition.Elapsed) {
      return null;
    }
    String where = "at position " + (cmp.position() + 1) + ": ";
    String at = where + cmp.operand().text();
    Class<?> type;
    if (cmp.operand() instanceof Condition.Arg arg) {
      if (arg.index() >= m.getParameterCount()) {
        return where + "arg" + arg.index() + " does not exist, the method has " + m.getParameterCount()
            + (m.getParameterCount() == 1 ? " parameter" : " parameters");
      }
      type = m.getParameterTypes()[arg.index()];
    } else if (cmp.operand() instanceof Condition.This) {
      if (Modifier.isStatic(m.getModifiers())) {
        return where + "this does not exist, the method is static";
      }
      type = m.getDeclaringClass();
    } else {
      if (m.getReturnType() == void.class) {
        return where + "return does not exist, the method returns void";
      }
      type = m.getReturnType();
    }
    for (String name : cmp.operand().fields()) {
      if (type.isPrimitive() || type.isArray()) {
        return at + ": a " + type.getSimpleName() + " has no fields";
      }
      if (type == Object.class || type.isInterface()) {
        return null; // known only at run time
      }
      Field f = find(type, name);
      if (f == null) {
        return at + ": " + type.getName() + " has no field '" + name + "'";
      }
      type = f.getType();
    }
    return fits(type, cmp, at);
  }

  private static String fits(Class<?> type, Compare cmp, String at) {
    Literal literal = cmp.literal();
    boolean open = type == Object.class || type.isInterface() && !type.isAnnotation();
    if (cmp.op().ordering() && !(literal instanceof Condition.Num || literal instanceof Condition.Str)) {
      return at + ": only numbers and strings have an order";
    }
    if (literal instanceof Condition.Null) {
      return type.isPrimitive() ? at + " is a " + type + ", never null" : null;
    }
    if (literal instanceof Condition.Num) {
      boolean numeric = type.isPrimitive() ? type != boolean.class && type != char.class
          : Number.class.isAssignableFrom(type) || type.isAssignableFrom(Number.class);
      return numeric ? null : at + " is a " + type.getName() + ", not a number";
    }
    if (literal instanceof Condition.Str) {
      return type == String.class || type.isAssignableFrom(String.class) ? null
          : at + " is a " + type.getName() + ", not a String";
    }
    if (literal instanceof Condition.Bool) {
      return type == boolean.class || type == Boolean.class || open ? null : at + " is a " + type.getName()
          + ", not a boolean";
    }
    String name = ((Condition.Name) literal).value();
    if (type.isEnum()) {
      for (Field f : type.getDeclaredFields()) { // not getEnumConstants: that would initialise the class
        if (f.isEnumConstant() && f.getName().equals(name)) {
          return null;
        }
      }
      return at + ": " + type.getName() + " has no constant " + name;
    }
    return open || type == Enum.class ? null : at + " is a " + type.getName() + ", not an enum (to compare with"
        + " text, quote it: \"" + name + "\")";
  }
}
