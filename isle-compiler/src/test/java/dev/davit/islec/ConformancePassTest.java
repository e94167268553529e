package dev.davit.islec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every file of {@code conformance/isle/pass} compiles to Java that javac accepts. */
class ConformancePassTest {
  static Path conformance() {
    String p = System.getProperty("davit.conformance");
    Path dir = p != null ? Path.of(p) : Path.of("../../shared/conformance");
    return dir.resolve("isle");
  }

  @TestFactory
  Stream<DynamicTest> passFilesCompileWithJavac() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(conformance().resolve("pass"))) {
      files = s.filter(f -> f.toString().endsWith(".isle")).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no conformance files under " + conformance());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      String cls = IslecMain.className(f);
      // User primitives are opaque handles here; extern enums are defined so the unit stands
      // alone.
      GeneratorOptions opts = GeneratorOptions.of("conf", cls).withOpaquePrimitive("long")
          .withExternTypes(true);
      IslecMain.Compiled c = IslecMain.compile(List.of(f), opts);
      assertEquals(List.of(), c.errors());
      try {
        InMemoryJavac.compile(Map.of("conf." + cls, c.source()));
      } catch (InMemoryJavac.CompileError e) {
        throw new AssertionError("javac rejected the generated source:\n" + e.getMessage()
            + "\n" + c.source());
      }
    }));
  }
}
