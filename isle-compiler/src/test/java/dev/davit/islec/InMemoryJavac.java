package dev.davit.islec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles Java sources in memory with javac and loads the classes. */
final class InMemoryJavac {
  private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();
  private static final StandardJavaFileManager STD = JAVAC.getStandardFileManager(null, null, null);

  /** Thrown with javac's messages when the sources do not compile. */
  static final class CompileError extends RuntimeException {
    CompileError(String msg) {
      super(msg);
    }
  }

  private InMemoryJavac() {}

  /** Compiles {@code sources} (class name to text) and returns a loader of the result. */
  static ClassLoader compile(Map<String, String> sources) {
    List<JavaFileObject> units = new ArrayList<>();
    for (var e : sources.entrySet()) {
      units.add(new SimpleJavaFileObject(URI.create("string:///" + e.getKey().replace('.', '/')
          + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignore) {
          return e.getValue();
        }
      });
    }
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    JavaFileManager fm = new ForwardingJavaFileManager<>(STD) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location loc, String name, JavaFileObject.Kind kind,
          FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + ".class"),
            kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            classes.put(name, b);
            return b;
          }
        };
      }
    };
    DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
    StringWriter w = new StringWriter();
    boolean ok;
    synchronized (JAVAC) {
      ok = JAVAC.getTask(w, fm, diags, List.of("-Xlint:all", "-Werror", "-proc:none"), null, units)
          .call();
    }
    if (!ok) {
      StringBuilder b = new StringBuilder();
      for (var d : diags.getDiagnostics()) {
        b.append(d.getSource() == null ? "" : d.getSource().getName()).append(':')
            .append(d.getLineNumber()).append(": ").append(d.getMessage(null)).append('\n');
      }
      throw new CompileError(b.toString());
    }
    return new ClassLoader(InMemoryJavac.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        ByteArrayOutputStream b = classes.get(name);
        if (b == null) throw new ClassNotFoundException(name);
        byte[] bytes = b.toByteArray();
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }
}
