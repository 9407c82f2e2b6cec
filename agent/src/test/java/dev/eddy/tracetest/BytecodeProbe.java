package dev.eddy.tracetest;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.ProtectionDomain;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A second, trivial agent the tests load next to Eddy's to check restoration without trusting Eddy's
 * bookkeeping. Two pieces of evidence: (1) with a counting hook in the dispatcher, calling the method
 * must never reach it (so the running code carries no advice); (2) the class bytes a transformer
 * registered after Eddy's sees on retransformation (so no Eddy transformer still rewrites the class).
 *
 * <p>Arguments: {@code className,staticMethodTakingLong,outputFile}.
 */
public final class BytecodeProbe {
  private BytecodeProbe() {}

  public static void agentmain(String args, Instrumentation inst) throws Exception {
    String[] a = args.split(",");
    Class<?> type = null;
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.getName().equals(a[0])) {
        type = c;
      }
    }
    if (type == null) {
      throw new IllegalStateException(a[0] + " is not loaded");
    }
    long hits = dispatcherHits(type.getMethod(a[1], long.class));
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(capture(inst, type)));
    Files.writeString(Path.of(a[2]), "hits=" + hits + "\nsha=" + sha + "\n", StandardCharsets.UTF_8);
  }

  /** Calls {@code method} 1000 times with a counting hook plugged into the dispatcher; -1 when there is none. */
  private static long dispatcherHits(Method method) throws Exception {
    Class<?> dispatcher;
    try {
      dispatcher = Class.forName("dev.eddy.agent.bootstrap.Dispatcher", false, null);
    } catch (ClassNotFoundException e) {
      return -1;
    }
    Field hook = dispatcher.getField("hook");
    Class<?> hookType = hook.getType();
    AtomicLong hits = new AtomicLong();
    Object counting = Proxy.newProxyInstance(BytecodeProbe.class.getClassLoader(), new Class<?>[] {hookType},
        (proxy, m, margs) -> {
          if (m.getName().equals("onEnter")) {
            hits.incrementAndGet();
          }
          return null;
        });
    Object previous = hook.get(null);
    hook.set(null, counting);
    try {
      for (long i = 0; i < 1000; i++) {
        method.invoke(null, i);
      }
    } finally {
      hook.set(null, previous);
    }
    return hits.get();
  }

  private static byte[] capture(Instrumentation inst, Class<?> type) throws Exception {
    AtomicReference<byte[]> seen = new AtomicReference<>();
    ClassFileTransformer capture = new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        if (redefined == type) {
          seen.set(bytes.clone());
        }
        return null;
      }
    };
    inst.addTransformer(capture, true);
    try {
      inst.retransformClasses(type);
    } finally {
      inst.removeTransformer(capture);
    }
    return seen.get();
  }
}
