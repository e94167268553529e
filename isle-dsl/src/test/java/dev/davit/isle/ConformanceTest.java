package dev.davit.isle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.isle.Diagnostic.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Cranelift's ISLE conformance files, read in place: every {@code pass} file is accepted; every
 * {@code fail} file is rejected with the expected errors at the expected lines.
 */
class ConformanceTest {
  static Path conformance() {
    String p = System.getProperty("davit.conformance");
    Path dir = p != null ? Path.of(p) : Path.of("../../shared/conformance");
    return dir.resolve("isle");
  }

  /** An expected error: its line and kind. */
  record Expected(int line, Kind kind) {}

  // The files carry no expectations, so they are written down here: the line and kind of
  // every error each file must produce (and no others).
  static final Map<String, List<Expected>> FAILS = Map.ofEntries(
      Map.entry("bad_converters.isle", List.of(new Expected(8, Kind.CONVERTER),
          new Expected(10, Kind.UNKNOWN_TYPE), new Expected(10, Kind.UNKNOWN_TERM))),
      Map.entry("bound_var_type_mismatch.isle", List.of(new Expected(3, Kind.TYPE_MISMATCH))),
      Map.entry("converter_extractor_constructor.isle", List.of(new Expected(23, Kind.CONVERTER),
          new Expected(29, Kind.CONVERTER))),
      Map.entry("error1.isle", List.of(new Expected(19, Kind.UNKNOWN_VARIABLE),
          new Expected(28, Kind.TYPE_MISMATCH))),
      Map.entry("extra_parens.isle", List.of(new Expected(4, Kind.UNKNOWN_TERM))),
      Map.entry("impure_expression.isle", List.of(new Expected(7, Kind.IMPURE))),
      Map.entry("impure_rhs.isle", List.of(new Expected(11, Kind.IMPURE))),
      Map.entry("multi_internal_etor.isle", List.of(new Expected(2, Kind.MULTI))),
      Map.entry("multi_prio.isle", List.of(new Expected(2, Kind.MULTI))),
      Map.entry("recursion_cycle.isle", List.of(new Expected(7, Kind.RECURSION))),
      Map.entry("recursion_direct.isle", List.of(new Expected(4, Kind.RECURSION))));

  static List<Path> files(String dir) throws IOException {
    try (Stream<Path> s = Files.list(conformance().resolve(dir))) {
      return s.filter(f -> f.toString().endsWith(".isle")).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> passFilesAreAccepted() throws IOException {
    List<Path> files = files("pass");
    assertFalse(files.isEmpty());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      IsleFrontend.Result r = IsleFrontend.compileFiles(List.of(f));
      assertEquals(List.of(), r.errors());
    }));
  }

  @TestFactory
  Stream<DynamicTest> failFilesAreRejectedAtTheRightPlace() throws IOException {
    List<Path> files = files("fail");
    assertFalse(files.isEmpty());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      List<Expected> expected = FAILS.get(f.getFileName().toString());
      assertTrue(expected != null, "no expectation written down for " + f);
      IsleFrontend.Result r = IsleFrontend.compileFiles(List.of(f));
      List<Expected> actual = new ArrayList<>();
      for (Diagnostic d : r.errors()) {
        assertEquals(f.toString(), d.pos().file());
        assertTrue(d.toString().startsWith(f + ":" + d.pos().line() + ":" + d.pos().column()
            + ": "), d.toString());
        actual.add(new Expected(d.pos().line(), d.kind()));
      }
      assertEquals(expected, actual, r.errors().toString());
    }));
  }

  @Test
  void allFilesOfAUnitAreOneNamespace() throws IOException {
    // Names are global to a unit: loading a file twice makes every definition of the second
    // copy a duplicate (and only those are reported).
    Path f = conformance().resolve("pass/test2.isle");
    IsleFrontend.Result r = IsleFrontend.compile(List.of(
        new IsleFrontend.Source("a.isle", Files.readString(f)),
        new IsleFrontend.Source("b.isle", Files.readString(f))));
    assertFalse(r.ok());
    assertTrue(r.errors().stream().allMatch(d -> d.pos().file().equals("b.isle")
        && d.kind() == Kind.DUPLICATE), r.errors().toString());
  }
}
