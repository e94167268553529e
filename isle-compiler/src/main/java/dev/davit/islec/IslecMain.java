package dev.davit.islec;

import dev.davit.isle.Diagnostic;
import dev.davit.isle.Diagnostics;
import dev.davit.isle.IsleFrontend;
import dev.davit.isle.Pos;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code islec} command: {@code islec FILE.isle... -o DIR [--package P] [--class C]}.
 *
 * <p>All files form one unit and give one Java source, {@code DIR/P/C.java}. The source is
 * rewritten only when its text changes, and not generated at all when a stamp beside it says
 * that inputs and options are those of the last run, so that builds stay incremental.
 */
public final class IslecMain {
  /** Bump when the generator's output changes, so that stamps of older runs do not match. */
  static final String GENERATOR_VERSION = "1";

  private IslecMain() {}

  public static void main(String[] args) {
    // No exit on success, so that the main can run inside Maven's JVM (exec:java).
    int code = run(args, System.out, System.err);
    if (code != 0) System.exit(code);
  }

  private static final String USAGE = """
      usage: islec FILE.isle... -o DIR [--package P] [--class C]
                   [--primitive NAME=JAVATYPE]... [--opaque-primitive JAVATYPE]
                   [--import NAME]... [--emit-extern-types] [--force]
        -o DIR                 output root; the source goes to DIR/<package path>/<class>.java
        --package P            Java package of the generated class (default: none)
        --class C              class name (default: from the first file name, e.g. lower_x64 -> LowerX64)
        --primitive N=T        Java type of user primitive type N (repeatable)
        --opaque-primitive T   Java type of every other user primitive (default: its host name)
        --import NAME          add an import to the generated source (repeatable)
        --emit-extern-types    also define `extern` enum types in the generated source
        --force                regenerate even if inputs and options are unchanged
      """;

  /**
   * Runs the compiler. Returns 0 on success, 1 when the ISLE input has errors (printed as
   * {@code file:line:column: message} on {@code err}), 2 on bad usage.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<Path> files = new ArrayList<>();
    String outDir = null, pkg = "", cls = null, opaque = null;
    Map<String, String> prims = new LinkedHashMap<>();
    List<String> imports = new ArrayList<>();
    boolean externTypes = false, force = false;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-o", "--output" -> outDir = value(args, ++i, a);
          case "--package" -> pkg = value(args, ++i, a);
          case "--class" -> cls = value(args, ++i, a);
          case "--opaque-primitive" -> opaque = value(args, ++i, a);
          case "--import" -> imports.add(value(args, ++i, a));
          case "--emit-extern-types" -> externTypes = true;
          case "--force" -> force = true;
          case "--primitive" -> {
            String v = value(args, ++i, a);
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) throw new UsageException("--primitive needs NAME=JAVATYPE");
            prims.put(v.substring(0, eq), v.substring(eq + 1));
          }
          case "-h", "--help" -> {
            out.print(USAGE);
            return 0;
          }
          default -> {
            if (a.startsWith("-")) throw new UsageException("unknown option " + a);
            files.add(Path.of(a));
          }
        }
      }
      if (files.isEmpty()) throw new UsageException("no input files");
      if (outDir == null) throw new UsageException("no output directory (-o DIR)");
    } catch (UsageException e) {
      err.println("islec: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (cls == null) cls = className(files.get(0));
    GeneratorOptions opts = new GeneratorOptions(pkg, cls, prims, opaque, imports, externTypes);
    Path target = Path.of(outDir);
    if (!pkg.isEmpty()) target = target.resolve(pkg.replace('.', '/'));
    Path javaFile = target.resolve(cls + ".java");
    Path stamp = target.resolve("." + cls + ".isle-stamp");
    try {
      String fingerprint = null;
      try {
        fingerprint = fingerprint(files, opts);
      } catch (IOException e) {
        // Unreadable inputs are reported by the compiler with their names.
      }
      if (!force && fingerprint != null && Files.isRegularFile(javaFile) && Files.isRegularFile(stamp)
          && Files.readString(stamp).equals(fingerprint)) {
        out.println("islec: " + javaFile + " is up to date");
        return 0;
      }
      Compiled c = compile(files, opts);
      if (!c.errors().isEmpty()) {
        for (Diagnostic d : c.errors()) err.println(d);
        err.println("islec: " + c.errors().size() + (c.errors().size() == 1 ? " error" : " errors"));
        return 1;
      }
      Files.createDirectories(target);
      boolean same = Files.isRegularFile(javaFile) && Files.readString(javaFile).equals(c.source());
      if (!same) Files.writeString(javaFile, c.source(), StandardCharsets.UTF_8);
      if (fingerprint != null) Files.writeString(stamp, fingerprint, StandardCharsets.UTF_8);
      out.println("islec: " + (same ? "unchanged " : "wrote ") + javaFile);
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("islec: " + e);
      return 1;
    }
  }

  /** The result of compiling a unit: a source, or errors. */
  public record Compiled(String source, List<Diagnostic> errors) {}

  /** Compiles files to a Java source in memory. */
  public static Compiled compile(List<Path> files, GeneratorOptions opts) {
    return finish(IsleFrontend.compileFiles(files), opts,
        files.stream().map(Path::toString).toList());
  }

  /** Compiles in-memory sources to a Java source. */
  public static Compiled compileSources(List<IsleFrontend.Source> sources, GeneratorOptions opts) {
    return finish(IsleFrontend.compile(sources), opts,
        sources.stream().map(IsleFrontend.Source::name).toList());
  }

  private static Compiled finish(IsleFrontend.Result r, GeneratorOptions opts, List<String> names) {
    if (!r.ok()) return new Compiled(null, r.errors());
    Diagnostics diags = new Diagnostics();
    String src;
    try {
      src = JavaGenerator.generate(r, opts, names, diags);
    } catch (StackOverflowError e) {
      diags.error(new Pos(names.isEmpty() ? "<input>" : names.get(0), 1, 1),
          Diagnostic.Kind.UNSUPPORTED, "rules are nested too deeply to generate code");
      return new Compiled(null, diags.sorted());
    }
    if (diags.hasErrors()) return new Compiled(null, diags.sorted());
    return new Compiled(src, List.of());
  }

  static String className(Path file) {
    String n = file.getFileName().toString();
    if (n.endsWith(".isle")) n = n.substring(0, n.length() - 5);
    StringBuilder b = new StringBuilder();
    boolean up = true;
    for (char c : n.toCharArray()) {
      if (!Character.isLetterOrDigit(c)) {
        up = true;
        continue;
      }
      b.append(up ? Character.toUpperCase(c) : c);
      up = false;
    }
    if (b.isEmpty() || !Character.isJavaIdentifierStart(b.charAt(0))) b.insert(0, "Isle");
    return b.toString();
  }

  private static String fingerprint(List<Path> files, GeneratorOptions opts) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(("islec " + GENERATOR_VERSION + "\n" + opts + "\n").getBytes(StandardCharsets.UTF_8));
      for (Path f : files) {
        md.update((f + "\n").getBytes(StandardCharsets.UTF_8));
        md.update(Files.readAllBytes(f));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest()) + "\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String value(String[] args, int i, String opt) throws UsageException {
    if (i >= args.length) throw new UsageException(opt + " needs a value");
    return args[i];
  }

  private static final class UsageException extends Exception {
    UsageException(String m) {
      super(m);
    }
  }
}
