package dev.davit.islec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: output placement, incremental regeneration, errors and exit codes. */
class IslecMainTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = IslecMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void generatesOnceAndSkipsUnchangedInput() throws Exception {
    Path isle = tmp.resolve("my_rules.isle");
    Files.writeString(isle, "(decl f (u32) u32)\n(rule (f x) x)\n");
    Path outDir = tmp.resolve("out");
    Run r = run(isle.toString(), "-o", outDir.toString(), "--package", "a.b");
    assertEquals(0, r.code(), r.err());
    Path java = outDir.resolve("a/b/MyRules.java");
    assertTrue(Files.readString(java).contains("public final class MyRules"));
    assertTrue(r.out().contains("wrote"), r.out());
    InMemoryJavac.compile(Map.of("a.b.MyRules", Files.readString(java)));

    FileTime old = FileTime.fromMillis(1_000_000L);
    Files.setLastModifiedTime(java, old);
    r = run(isle.toString(), "-o", outDir.toString(), "--package", "a.b");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("up to date"), r.out());
    assertEquals(old, Files.getLastModifiedTime(java));

    // Forced, or with changed options, the source is generated again but only written when
    // its text differs.
    r = run(isle.toString(), "-o", outDir.toString(), "--package", "a.b", "--force");
    assertTrue(r.out().contains("unchanged"), r.out());
    assertEquals(old, Files.getLastModifiedTime(java));

    Files.writeString(isle, "(decl f (u32) u32)\n(rule (f x) 1)\n");
    r = run(isle.toString(), "-o", outDir.toString(), "--package", "a.b");
    assertTrue(r.out().contains("wrote"), r.out());
    assertTrue(Files.readString(java).contains("return 1;"));
  }

  @Test
  void classNameOption() throws Exception {
    Path isle = tmp.resolve("x.isle");
    Files.writeString(isle, "(type T (enum A B))\n");
    Run r = run(isle.toString(), "-o", tmp.toString(), "--class", "Lower");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(tmp.resolve("Lower.java")));
  }

  @Test
  void errorsArePrintedWithPositionsAndExitOne() throws Exception {
    Path isle = tmp.resolve("bad.isle");
    Files.writeString(isle, "(decl f (u32) u32)\n(rule (f x) y)\n(rule (g x) x)\n");
    Run r = run(isle.toString(), "-o", tmp.resolve("o").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains(isle + ":2:13: unknown variable `y`"), r.err());
    assertTrue(r.err().contains(isle + ":3:8: unknown term `g`"), r.err());
    assertTrue(r.err().contains("2 errors"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void missingFileAndBadUsage() {
    Run r = run(tmp.resolve("nope.isle").toString(), "-o", tmp.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("nope.isle:1:1: cannot read file"), r.err());
    assertEquals(2, run("-o", tmp.toString()).code());
    assertEquals(2, run("a.isle").code());
    assertEquals(2, run("a.isle", "-o").code());
    assertEquals(2, run("a.isle", "-o", "d", "--bogus").code());
    assertEquals(0, run("--help").code());
  }
}
