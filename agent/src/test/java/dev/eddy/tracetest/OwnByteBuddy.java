package dev.eddy.tracetest;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/** The target's own use of (plain, unrelocated) Byte Buddy, which the agent must leave working. */
final class OwnByteBuddy {
  private OwnByteBuddy() {}

  static String greet() throws ReflectiveOperationException {
    Class<?> type = new ByteBuddy()
        .subclass(Object.class)
        .method(ElementMatchers.named("toString"))
        .intercept(FixedValue.value("hello from the target's Byte Buddy " + ByteBuddy.class.getName()))
        .make()
        .load(OwnByteBuddy.class.getClassLoader())
        .getLoaded();
    return type.getDeclaredConstructor().newInstance().toString();
  }
}
