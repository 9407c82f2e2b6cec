package dev.eddy.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.eddy.agent.bootstrap.Dispatcher;
import dev.eddy.agent.spec.MethodPattern;
import dev.eddy.agent.spec.Scope;
import dev.eddy.agent.spec.SpecParser;
import dev.eddy.agent.spec.TraceSpec;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/** Installs the trace advice for one session's patterns, and takes it out again. */
public final class Instrumenter {
  private static final Advice GLOBAL_ADVICE = Advice.to(TraceAdvice.GlobalEnter.class, TraceAdvice.Exit.class);
  private static final Advice LOCAL_ADVICE = Advice.to(TraceAdvice.LocalEnter.class, TraceAdvice.Exit.class);

  private static boolean warmedUp;

  private Instrumenter() {}

  /**
   * Runs Byte Buddy's whole transformation path (type pool, class reader and writer, advice inlining) once
   * on a sample class, so the first traced class that loads later is not transformed by cold code on the
   * thread that loads it: on a busy machine that took seconds, long enough for a peer's event loop to
   * miss a handshake.
   */
  public static synchronized void warmUp() {
    if (warmedUp) {
      return;
    }
    warmedUp = true;
    ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(WarmUpSample.class.getClassLoader());
    TypeDescription sample = TypePool.Default.of(locator).describe(WarmUpSample.class.getName()).resolve();
    for (Advice advice : List.of(GLOBAL_ADVICE, LOCAL_ADVICE)) {
      new ByteBuddy().with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE).redefine(sample, locator).visit(advice.on(isMethod())).make().getBytes();
    }
  }

  /** Only ever transformed into bytes by {@link #warmUp}, never loaded in its transformed form. */
  static final class WarmUpSample {
    private long total;

    long add(long x, String label) {
      total += x + label.length();
      return total;
    }
  }

  /**
   * Types the agent never instruments whatever the patterns say: itself (Byte Buddy is relocated under
   * {@code dev.eddy.agent.shaded}, so this also covers it), the packages its guard runs on, and
   * synthetic classes (lambdas, proxies).
   */
  public static ElementMatcher.Junction<TypeDescription> ignoredTypes() {
    // Names only: this runs for every class the JVM loads while a session is active, and a name needs no
    // parsing of the class file (synthetic classes are excluded after the name matched, see install).
    ElementMatcher.Junction<TypeDescription> ignored = nameStartsWith(SpecParser.REFUSED_PACKAGES.get(0));
    for (String prefix : SpecParser.REFUSED_PACKAGES.subList(1, SpecParser.REFUSED_PACKAGES.size())) {
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
   * The methods of loaded classes that the patterns match and the advice would instrument, so a
   * {@code when:} clause can be checked against them before anything changes. Call {@link #preload} first.
   */
  public static List<Method> loadedMatchingMethods(Instrumentation inst, List<MethodPattern> patterns) {
    List<Method> methods = new ArrayList<>();
    for (Class<?> type : loadedMatching(inst, patterns)) {
      if (type.isSynthetic()) {
        continue;
      }
      Method[] declared;
      try {
        declared = type.getDeclaredMethods();
      } catch (LinkageError e) {
        continue; // a parameter type does not resolve: checked at run time instead
      }
      for (Method m : declared) {
        int mod = m.getModifiers();
        if (!m.isSynthetic() && !Modifier.isAbstract(mod) && !Modifier.isNative(mod) && patterns.stream().anyMatch(
            p -> p.matchesClass(type.getName()) && p.matchesMethod(m.getName(), m.getParameterCount()))) {
          methods.add(m);
        }
      }
    }
    return methods;
  }

  /**
   * Installs the advice (after {@link #preload}): classes loaded later are transformed as they load; of the loaded ones, only
   * those whose names match are retransformed (found here by name, so Byte Buddy need not describe and
   * match every loaded class, which took seconds on a busy machine).
   */
  public static ResettableClassFileTransformer install(Instrumentation inst, TraceSpec spec, Observer observer) {
    List<MethodPattern> patterns = spec.patterns();
    Advice advice = spec.scope() == Scope.GLOBAL ? GLOBAL_ADVICE : LOCAL_ADVICE;
    Set<Class<?>> loaded = loadedMatching(inst, patterns);
    // Advice only touches methods the class declares: no need to resolve its whole type hierarchy.
    ResettableClassFileTransformer transformer =
        new AgentBuilder.Default(new ByteBuddy().with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded))
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(AgentBuilder.TypeStrategy.Default.REDEFINE_FROZEN)
            .with(new GuardingListener(observer))
            // Named modules (JDK classes) must read the bootstrap loader's unnamed module to call the dispatcher.
            .assureReadEdgeTo(inst, Dispatcher.class)
            .ignore(ignoredTypes())
            .type(namedBy(patterns).and(not(isSynthetic())))
            .transform((builder, type, loader, module, domain) ->
                builder.visit(advice.on(methodsOf(type.getName(), patterns))))
            .installOn(inst);
    // A matching class that loaded between the scan above and installOn saw neither the scan nor the
    // transformer; the transformer is in place now, so retransforming catches it.
    Set<Class<?>> missed = loadedMatching(inst, patterns);
    missed.removeAll(loaded);
    if (!missed.isEmpty()) {
      try {
        inst.retransformClasses(missed.toArray(new Class<?>[0]));
      } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
        missed.forEach(type -> observer.onFailed(type.getName(), e));
      }
    }
    return transformer;
  }

  private static Set<Class<?>> loadedMatching(Instrumentation inst, List<MethodPattern> patterns) {
    Set<Class<?>> matching = new HashSet<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      String name = type.getName();
      if (patterns.stream().anyMatch(p -> p.matchesClass(name)) && !isRefused(name) && inst.isModifiableClass(type)) {
        matching.add(type);
      }
    }
    return matching;
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

  /**
   * A pattern that names one class exactly is loaded now (not initialised) through each class loader in
   * use, so it is instrumented here rather than on whatever application
   * thread would load it first: transforming a class costs that thread a noticeable pause (a peer's event
   * loop missed a handshake deadline that way on a busy machine).
   */
  public static void preload(Instrumentation inst, List<MethodPattern> patterns) {
    Set<String> names = new HashSet<>();
    for (MethodPattern p : patterns) {
      String name = p.classGlob().text();
      if (name.indexOf('*') < 0 && name.lastIndexOf('.') > 0 && !isRefused(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      return;
    }
    Set<ClassLoader> tried = new HashSet<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      ClassLoader loader = type.getClassLoader();
      if (loader == null || !tried.add(loader)) {
        continue;
      }
      for (String name : names) {
        try {
          Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // not visible from this loader: it is instrumented whenever it does load
        }
      }
    }
  }

  /** Matches on the name alone, so a class that does not match is never parsed. */
  private static ElementMatcher.Junction<TypeDescription> namedBy(List<MethodPattern> patterns) {
    return new ElementMatcher.Junction.AbstractBase<>() {
      @Override
      public boolean matches(TypeDescription type) {
        String name = type.getName();
        return patterns.stream().anyMatch(p -> p.matchesClass(name));
      }
    };
  }

  private static boolean isRefused(String className) {
    return SpecParser.REFUSED_PACKAGES.stream().anyMatch(className::startsWith);
  }

  static ElementMatcher<MethodDescription> methodsOf(String className, List<MethodPattern> patterns) {
    List<MethodPattern> forType = new ArrayList<>();
    for (MethodPattern p : patterns) {
      if (p.matchesClass(className)) {
        forType.add(p);
      }
    }
    // Global scope instruments private methods too: their calls are all skipped, but counted as skipped.
    return isMethod().and(not(isAbstract())).and(not(isNative())).and(not(isSynthetic())).and(m -> forType.stream()
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
