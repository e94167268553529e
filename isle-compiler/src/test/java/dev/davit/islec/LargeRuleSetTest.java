package dev.davit.islec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.davit.isle.IsleFrontend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rule set the size of a backend's compiles without errors to Java that javac accepts. (Its
 * compile time is measured by {@code clif-util bench isle}, not here.)
 */
class LargeRuleSetTest {
  @Test
  void thousandsOfRulesCompileToJavaThatJavacAccepts() {
    String src = SyntheticRules.ruleSet(200, 15);
    List<IsleFrontend.Source> sources = List.of(new IsleFrontend.Source("big.isle", src));
    GeneratorOptions opts = GeneratorOptions.of("gen", "Big").withOpaquePrimitive("int");
    IslecMain.Compiled c = IslecMain.compileSources(sources, opts);
    assertEquals(List.of(), c.errors());
    InMemoryJavac.compile(Map.of("gen.Big", c.source()));
  }
}
