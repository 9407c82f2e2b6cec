package dev.eddy.agent.instrument;

import dev.eddy.agent.bootstrap.Dispatcher;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every traced method: hands off to the bootstrap {@link Dispatcher} and nothing else.
 * {@code suppress} keeps any failure of ours away from the traced code; arguments are read-only.
 * Two entry advices: global scope also names the caller, local scope does not need it.
 */
final class TraceAdvice {
  /** Byte Buddy pattern for the origin string parsed by the handler (see {@code MethodInfo}). */
  static final String ORIGIN = "#t #m #s #r";

  private TraceAdvice() {}

  static final class GlobalEnter {
    private GlobalEnter() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Origin(ORIGIN) String origin, @Advice.This(optional = true) Object self,
        @Advice.AllArguments Object[] args) {
      if (Dispatcher.hook == null) {
        return null;
      }
      // Runs in the traced method's frame (inlined), so this is the traced method's caller.
      return Dispatcher.enter(origin, self, args, Dispatcher.WALKER.getCallerClass());
    }
  }

  static final class LocalEnter {
    private LocalEnter() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.Origin(ORIGIN) String origin, @Advice.This(optional = true) Object self,
        @Advice.AllArguments Object[] args) {
      return Dispatcher.enter(origin, self, args, null);
    }
  }

  static final class Exit {
    private Exit() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object token,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      Dispatcher.exit(token, returned, thrown);
    }
  }
}
