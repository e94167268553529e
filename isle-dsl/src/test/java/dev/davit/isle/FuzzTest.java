package dev.davit.isle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Whatever the input, the front end reports errors and never throws. */
class FuzzTest {
  private static final List<String> VOCAB = List.of("(", ")", "(", ")", "rule", "decl", "type",
      "enum", "struct", "primitive", "extern", "extractor", "constructor", "const", "convert",
      "pure", "multi", "partial", "rec", "infallible", "and", "let", "if-let", "if", "_", "@",
      "<", "x", "y", "f", "g", "T", "T.A", "u32", "u8", "bool", "true", "#f", "$C", "0", "-1",
      "0x1f", "0b2", "1_0", "-", ";c\n", "(;", ";)", "spec", "model", "\n", "=x", "é", "\"");

  @Provide
  Arbitrary<String> tokenSoup() {
    return Arbitraries.of(VOCAB).list().ofMaxSize(60).map(l -> String.join(" ", l));
  }

  @Property(tries = 400)
  void randomTokensNeverThrow(@ForAll("tokenSoup") String text) {
    check(text);
  }

  @Property(tries = 300)
  void randomCharactersNeverThrow(@ForAll("chars") String text) {
    check(text);
  }

  @Provide
  Arbitrary<String> chars() {
    return Arbitraries.strings().withChars("()@<;_$#-0123456789abxAZ .\n\tfg").ofMaxLength(80);
  }

  /** A conformance file with a few characters deleted, inserted or swapped. */
  @Provide
  Arbitrary<String> mutated() throws IOException {
    Path dir = ConformanceTest.conformance();
    List<String> texts = new ArrayList<>();
    for (String sub : List.of("pass", "fail")) {
      try (Stream<Path> s = Files.list(dir.resolve(sub))) {
        for (Path p : s.sorted().toList()) texts.add(Files.readString(p));
      }
    }
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Character>>> edits = Arbitraries.integers()
        .between(0, 2).flatMap(kind -> Arbitraries.integers().between(0, 100_000)
            .flatMap(pos -> Arbitraries.of('(', ')', ' ', 'x', '@', '_', '1', ';', '$', '<')
                .map(c -> Tuple.of(kind, pos, c))))
        .list().ofMinSize(1).ofMaxSize(4);
    return Arbitraries.of(texts).flatMap(t -> edits.map(es -> {
      StringBuilder b = new StringBuilder(t);
      for (var e : es) {
        if (b.isEmpty()) break;
        int at = e.get2() % b.length();
        switch (e.get1()) {
          case 0 -> b.deleteCharAt(at);
          case 1 -> b.insert(at, e.get3());
          default -> b.setCharAt(at, e.get3());
        }
      }
      return b.toString();
    }));
  }

  @Property(tries = 400)
  void mutatedConformanceFilesNeverThrow(@ForAll("mutated") String text) {
    check(text);
  }

  private static void check(String text) {
    IsleFrontend.Result r = IsleFrontend.compile(List.of(new IsleFrontend.Source("f.isle", text)));
    for (Diagnostic d : r.errors()) {
      assertTrue(d.pos().line() >= 1 && d.pos().column() >= 1, d.toString());
      assertTrue(d.toString().startsWith("f.isle:"), d.toString());
    }
    assertTrue(r.ok() == (r.program() != null));
  }
}
