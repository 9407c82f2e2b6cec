package dev.eddy.agent.instrument;

import dev.eddy.agent.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every traced method: hands off to the bootstrap {@link Dispatcher} and nothing else.
 * {@code suppress} keeps any failure of ours away from the traced code; arguments are read-only.
 */
final class TraceAdvice {
  private TraceAdvice() {}

  /** Byte Buddy pattern for the origin string parsed by the handler (see {@code MethodInfo}). */
  static final String ORIGIN = "#t #m #s #r";

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.Origin(ORIGIN) String origin, @Advice.AllArguments Object[] args) {
    return Dispatcher.enter(origin, args);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object token,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    Dispatcher.exit(token, returned, thrown);
  }
}
