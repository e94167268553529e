package dev.davit.islec;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.davit.isle.IsleFrontend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import java.util.concurrent.atomic.AtomicInteger;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated conformance files: whenever the front end accepts one, the generator must produce a
 * source that javac accepts (and neither may throw).
 */
class PipelineFuzzTest {
  @Provide
  Arbitrary<String> mutated() throws IOException {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> s = Files.list(ConformancePassTest.conformance().resolve("pass"))) {
      for (Path p : s.sorted().toList()) texts.add(Files.readString(p));
    }
    // Token-level edits keep most mutants well-formed, so that they reach the generator.
    List<String> pieces = List.of("_", "0", "1", "x", "(and _ _)", "true", "-1", "0xff");
    return Arbitraries.of(texts).flatMap(t -> Arbitraries.integers().between(0, 100_000)
        .flatMap(at -> Arbitraries.of(pieces).map(piece -> {
          String[] toks = t.split("(?<=[ \\n])");
          int i = at % toks.length;
          String tok = toks[i].strip();
          if (tok.isEmpty() || tok.contains("(") || tok.contains(")") || tok.startsWith(";")) {
            return t;
          }
          toks[i] = toks[i].replace(tok, piece);
          return String.join("", toks);
        })));
  }

  static final AtomicInteger ACCEPTED = new AtomicInteger();

  @AfterContainer
  static void enoughMutantsReachedJavac() {
    System.err.println("PipelineFuzzTest: " + ACCEPTED.get() + " mutants compiled with javac");
    assertTrue(ACCEPTED.get() >= 20, "only " + ACCEPTED.get() + " mutants were accepted");
  }

  @Property(tries = 150)
  void acceptedMutantsCompileWithJavac(@ForAll("mutated") String text) {
    IslecMain.Compiled c = IslecMain.compileSources(
        List.of(new IsleFrontend.Source("m.isle", text)),
        GeneratorOptions.of("fz", "M").withOpaquePrimitive("long").withExternTypes(true));
    if (!c.errors().isEmpty()) return;
    ACCEPTED.incrementAndGet();
    assertNotNull(c.source());
    try {
      InMemoryJavac.compile(Map.of("fz.M", c.source()));
    } catch (InMemoryJavac.CompileError e) {
      throw new AssertionError(e.getMessage() + "\n" + text + "\n" + c.source());
    }
  }
}
