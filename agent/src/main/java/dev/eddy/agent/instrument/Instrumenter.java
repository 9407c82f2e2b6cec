package dev.eddy.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.eddy.agent.bootstrap.Dispatcher;
import dev.eddy.agent.spec.MethodPattern;
import dev.eddy.agent.spec.Scope;
import dev.eddy.agent.spec.SpecParser;
import dev.eddy.agent.spec.TraceSpec;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Installs the trace advice for one session's patterns, and takes it out again. */
public final class Instrumenter {
  private static final Advice GLOBAL_ADVICE = Advice.to(TraceAdvice.GlobalEnter.class, TraceAdvice.Exit.class);
  private static final Advice LOCAL_ADVICE = Advice.to(TraceAdvice.LocalEnter.class, TraceAdvice.Exit.class);

  private Instrumenter() {}

  /**
   * Types the agent never instruments whatever the patterns say: itself (Byte Buddy is relocated under
   * {@code dev.eddy.agent.shaded}, so this also covers it), the packages its guard runs on, and
   * synthetic classes (lambdas, proxies).
   */
  public static ElementMatcher.Junction<TypeDescription> ignoredTypes() {
    ElementMatcher.Junction<TypeDescription> ignored = isSynthetic();
    for (String prefix : SpecParser.REFUSED_PACKAGES) {
      ignored = ignored.or(nameStartsWith(prefix));
    }
    return ignored;
  }

  /** Callbacks from the transformation, so the session can keep its own record. */
  public interface Observer {
    void onInstrumented(String className);

    void onFailed(String className, Throwable error);

    void onRestoreFailed(List<Class<?>> classes, Throwable error);
  }

  /**
   * Installs the advice: classes loaded later are transformed as they load; of the loaded ones, only
   * those whose names match are retransformed (found here by name, so Byte Buddy need not describe and
   * match every loaded class, which took seconds on a busy machine).
   */
  public static ResettableClassFileTransformer install(Instrumentation inst, TraceSpec spec, Observer observer) {
    List<MethodPattern> patterns = spec.patterns();
    Advice advice = spec.scope() == Scope.GLOBAL ? GLOBAL_ADVICE : LOCAL_ADVICE;
    Set<Class<?>> loaded = new HashSet<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      String name = type.getName();
      if (patterns.stream().anyMatch(p -> p.matchesClass(name)) && !isRefused(name) && inst.isModifiableClass(type)) {
        loaded.add(type);
      }
    }
    return new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded))
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.REDEFINE_FROZEN)
        .with(new GuardingListener(observer))
        // Named modules (JDK classes) must read the bootstrap loader's unnamed module to call the dispatcher.
        .assureReadEdgeTo(inst, Dispatcher.class)
        .ignore(ignoredTypes())
        .type(type -> patterns.stream().anyMatch(p -> p.matchesClass(type.getName())))
        .transform((builder, type, loader, module, domain) ->
            builder.visit(advice.on(methodsOf(type.getName(), patterns, spec.scope()))))
        .installOn(inst);
  }

  /**
   * Removes the transformer and retransforms the classes it changed (every loaded class whose name is in
   * {@code instrumentedNames}), so the JVM goes back to the original bytecode.
   */
  public static boolean uninstall(Instrumentation inst, ResettableClassFileTransformer transformer,
      Set<String> instrumentedNames, Observer observer) {
    Set<Class<?>> instrumented = new HashSet<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (instrumentedNames.contains(type.getName())) {
        instrumented.add(type);
      }
    }
    return transformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION,
        new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(instrumented),
        AgentBuilder.RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE,
        new AgentBuilder.RedefinitionStrategy.Listener.Adapter() {
          @Override
          public void onComplete(int amount, List<Class<?>> types, Map<List<Class<?>>, Throwable> failures) {
            failures.forEach(observer::onRestoreFailed);
          }
        });
  }

  private static boolean isRefused(String className) {
    return SpecParser.REFUSED_PACKAGES.stream().anyMatch(className::startsWith);
  }

  static ElementMatcher<MethodDescription> methodsOf(String className, List<MethodPattern> patterns, Scope scope) {
    List<MethodPattern> forType = new ArrayList<>();
    for (MethodPattern p : patterns) {
      if (p.matchesClass(className)) {
        forType.add(p);
      }
    }
    ElementMatcher.Junction<MethodDescription> candidates =
        isMethod().and(not(isAbstract())).and(not(isNative())).and(not(isSynthetic()));
    if (scope == Scope.GLOBAL) {
      // Private methods can only be called from inside the class, which global scope never reports.
      candidates = candidates.and(not(isPrivate()));
    }
    return candidates.and(m -> forType.stream()
        .anyMatch(p -> p.matchesMethod(m.getInternalName(), m.getParameters().size())));
  }

  /** Marks transformation work as the agent's own, so traced JDK methods it calls are not reported. */
  private static final class GuardingListener extends AgentBuilder.Listener.Adapter {
    private final Observer observer;

    GuardingListener(Observer observer) {
      this.observer = observer;
    }

    @Override
    public void onDiscovery(String typeName, ClassLoader loader, net.bytebuddy.utility.JavaModule module, boolean loaded) {
      dev.eddy.agent.session.AgentGuard.enter();
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, net.bytebuddy.utility.JavaModule module,
        boolean loaded, net.bytebuddy.dynamic.DynamicType dynamicType) {
      observer.onInstrumented(type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, net.bytebuddy.utility.JavaModule module, boolean loaded,
        Throwable error) {
      observer.onFailed(typeName, error);
    }

    @Override
    public void onComplete(String typeName, ClassLoader loader, net.bytebuddy.utility.JavaModule module, boolean loaded) {
      dev.eddy.agent.session.AgentGuard.exit();
    }
  }
}
