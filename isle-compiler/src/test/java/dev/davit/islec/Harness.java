package dev.davit.islec;

import static org.junit.jupiter.api.Assertions.fail;

import dev.davit.isle.IsleFrontend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * ISLE source to a loaded generated class, in memory: compiles the rules, compiles the Java with
 * javac, and offers reflective helpers to build values, implement {@code Context} and call terms.
 */
final class Harness {
  static final String PKG = "gen";
  final String className;
  final String source;
  final Class<?> cls;
  final ClassLoader loader;

  private Harness(String className, String source, ClassLoader loader) throws Exception {
    this.className = className;
    this.source = source;
    this.loader = loader;
    this.cls = loader.loadClass(PKG + "." + className);
  }

  static Harness of(String isle) {
    return of(isle, "Rules");
  }

  static Harness of(String isle, String className) {
    GeneratorOptions opts = GeneratorOptions.of(PKG, className).withOpaquePrimitive("long")
        .withExternTypes(true);
    IslecMain.Compiled c = IslecMain.compileSources(
        List.of(new IsleFrontend.Source("test.isle", isle)), opts);
    if (!c.errors().isEmpty()) fail("ISLE errors: " + c.errors());
    try {
      return new Harness(className, c.source(),
          InMemoryJavac.compile(Map.of(PKG + "." + className, c.source())));
    } catch (InMemoryJavac.CompileError e) {
      throw new AssertionError("javac rejected:\n" + e.getMessage() + "\n" + c.source());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  Class<?> nested(String name) {
    try {
      return loader.loadClass(PKG + "." + className + "$" + name.replace('.', '$'));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  /** A value of enum variant {@code Type.Variant} (or of struct {@code Type}). */
  Object make(String variant, Object... fields) {
    int dot = variant.indexOf('.');
    try {
      Class<?> c;
      if (dot < 0) {
        c = nested(variant);
      } else {
        Class<?> owner = nested(variant.substring(0, dot));
        String v = variant.substring(dot + 1);
        if (owner.isEnum()) {
          for (Object o : owner.getEnumConstants()) {
            if (((Enum<?>) o).name().equals(v)) return o;
          }
          throw new AssertionError("no constant " + variant);
        }
        c = nested(variant);
      }
      return c.getDeclaredConstructors()[0].newInstance(fields);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A {@code Context} whose methods are the given functions (missing ones throw). */
  Object context(Map<String, Function<Object[], Object>> impls) {
    Class<?> iface = nested("Context");
    Map<String, Function<Object[], Object>> m = new HashMap<>(impls);
    return Proxy.newProxyInstance(loader, new Class<?>[] {iface}, (proxy, method, args) -> {
      Function<Object[], Object> f = m.get(method.getName());
      if (f == null) {
        if (method.getName().equals("toString")) return "ctx";
        throw new AssertionError("unexpected call of " + method.getName());
      }
      return f.apply(args == null ? new Object[0] : args);
    });
  }

  Object call(String term, Object ctx, Object... args) {
    for (Method m : cls.getMethods()) {
      if (m.getName().equals(term)) {
        Object[] all = new Object[args.length + 1];
        all[0] = ctx;
        System.arraycopy(args, 0, all, 1, args.length);
        try {
          return m.invoke(null, all);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException re) throw re;
          throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no method " + term + " in\n" + source);
  }
}
