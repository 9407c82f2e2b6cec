package dev.eddy.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts {@code dev.eddy.agent.bootstrap} on the bootstrap class path, once per JVM, before anything loads
 * it from the agent jar: the system class loader asks its parents first, so from then on every loader
 * (and the agent's own handler) resolves the dispatcher to the single bootstrap copy.
 *
 * <p>Class names are strings here on purpose: naming the classes would load them from the agent jar.
 */
public final class BootstrapInjector {
  private static final String PACKAGE = "dev/eddy/agent/bootstrap/";
  private static final String[] CLASSES = {"Dispatcher", "TraceHook"};

  private BootstrapInjector() {}

  public static synchronized void ensureInjected(Instrumentation inst) throws IOException {
    if (loadable(null)) {
      return;
    }
    Path jar = Files.createTempFile("eddy-agent-bootstrap", ".jar");
    jar.toFile().deleteOnExit();
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      for (String name : CLASSES) {
        String entry = PACKAGE + name + ".class";
        try (InputStream in = BootstrapInjector.class.getClassLoader().getResourceAsStream(entry)) {
          if (in == null) {
            throw new IOException("agent jar lacks " + entry);
          }
          jarOut.putNextEntry(new JarEntry(entry));
          in.transferTo(jarOut);
          jarOut.closeEntry();
        }
      }
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    if (!loadable(null) || !loadable(BootstrapInjector.class.getClassLoader())) {
      throw new IOException("the dispatcher did not resolve to the bootstrap class loader");
    }
  }

  /** True when {@code loader} (null: the bootstrap loader alone) resolves the dispatcher to the bootstrap copy. */
  private static boolean loadable(ClassLoader loader) {
    try {
      return Class.forName(PACKAGE.replace('/', '.') + CLASSES[0], false, loader).getClassLoader() == null;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
