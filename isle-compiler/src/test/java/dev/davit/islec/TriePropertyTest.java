package dev.davit.islec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.davit.isle.Diagnostic;
import dev.davit.isle.IsleFrontend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import java.util.concurrent.atomic.AtomicInteger;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision trie agrees with the definition of ISLE's semantics: for random rule sets over a
 * small term language, the compiled matcher returns what a naive interpreter returns when it
 * tries every rule in priority order.
 */
class TriePropertyTest {
  // ---- the term language: E = Leaf(u8) | Node(E, E) | Nil, plus extractor `half` on u8 ----

  sealed interface Val {}

  record VLeaf(int v) implements Val {}

  record VNode(Val l, Val r) implements Val {}

  record VNil() implements Val {}

  /** Patterns on E values and on u8 values. */
  sealed interface Pat {}

  record PWild() implements Pat {}

  record PVar(String name) implements Pat {}

  record PInt(int v) implements Pat {}

  record PLeaf(Pat v) implements Pat {}

  record PNode(Pat l, Pat r) implements Pat {}

  record PNil() implements Pat {}

  /** {@code (half p)}: matches an even u8 and matches {@code p} against half of it. */
  record PHalf(Pat p) implements Pat {}

  record TRule(int prio, Pat a, Pat b) {}

  static final String PRELUDE = """
      (type E (enum (Leaf (v u8)) (Node (l E) (r E)) (Nil)))
      (decl half (u8) u8)
      (extern extractor half half)
      (decl partial f (E E) u32)
      """;

  Arbitrary<Pat> u8Pat(int depth) {
    List<Arbitrary<Pat>> alts = new ArrayList<>(List.of(
        Arbitraries.just(new PWild()),
        Arbitraries.of("n", "m").map(PVar::new),
        Arbitraries.integers().between(0, 3).map(PInt::new)));
    if (depth > 0) alts.add(u8Pat(depth - 1).map(PHalf::new));
    return Arbitraries.oneOf(alts);
  }

  Arbitrary<Pat> ePat(int depth) {
    List<Arbitrary<Pat>> alts = new ArrayList<>(List.of(
        Arbitraries.just(new PWild()),
        Arbitraries.of("a", "b").map(PVar::new),
        Arbitraries.just(new PNil()),
        u8Pat(1).map(PLeaf::new)));
    if (depth > 0) {
      alts.add(Combinators.combine(ePat(depth - 1), ePat(depth - 1)).as(PNode::new));
      alts.add(Combinators.combine(ePat(depth - 1), ePat(depth - 1)).as(PNode::new));
    }
    return Arbitraries.oneOf(alts);
  }

  @Provide
  Arbitrary<List<TRule>> ruleSets() {
    Arbitrary<TRule> rule = Combinators.combine(Arbitraries.integers().between(-1, 6), ePat(2),
        ePat(2)).as(TRule::new);
    return rule.list().ofMinSize(1).ofMaxSize(10);
  }

  static String isle(Pat p) {
    return switch (p) {
      case PWild w -> "_";
      case PVar v -> v.name();
      case PInt i -> Integer.toString(i.v());
      case PLeaf l -> "(E.Leaf " + isle(l.v()) + ")";
      case PNode n -> "(E.Node " + isle(n.l()) + " " + isle(n.r()) + ")";
      case PNil n -> "(E.Nil)";
      case PHalf h -> "(half " + isle(h.p()) + ")";
    };
  }

  // ---- the naive interpreter ----

  static boolean match(Pat p, Object v, Map<String, Object> env) {
    return switch (p) {
      case PWild w -> true;
      case PVar var -> {
        Object old = env.putIfAbsent(var.name(), v);
        yield old == null || old.equals(v);
      }
      case PInt i -> v.equals(i.v());
      case PLeaf l -> v instanceof VLeaf leaf && match(l.v(), leaf.v(), env);
      case PNode n -> v instanceof VNode node && match(n.l(), node.l(), env)
          && match(n.r(), node.r(), env);
      case PNil n -> v instanceof VNil;
      case PHalf h -> (int) v % 2 == 0 && match(h.p(), (int) v / 2, env);
    };
  }

  static Integer naive(List<TRule> rules, Val a, Val b) {
    Integer best = null;
    for (int i = 0; i < rules.size(); i++) {
      TRule r = rules.get(i);
      if (best != null && rules.get(best).prio() >= r.prio()) continue;
      Map<String, Object> env = new HashMap<>();
      if (match(r.a(), a, env) && match(r.b(), b, env)) best = i;
    }
    return best;
  }

  static List<Val> values() {
    List<Val> small = new ArrayList<>(List.of(new VNil()));
    for (int v = 0; v <= 4; v++) small.add(new VLeaf(v));
    List<Val> all = new ArrayList<>(small);
    for (Val l : small) for (Val r : small) all.add(new VNode(l, r));
    all.add(new VNode(new VNode(new VLeaf(2), new VNil()), new VLeaf(0)));
    return all;
  }

  static final List<Val> VALUES = values();

  /** Tries that were not discarded: the property must really have been exercised. */
  static final AtomicInteger EXECUTED = new AtomicInteger();
  static final AtomicInteger SPLIT = new AtomicInteger();

  @AfterContainer
  static void enoughRuleSetsWereCompiled() {
    System.err.println("TriePropertyTest: " + EXECUTED.get() + " rule sets compiled and compared");
    assertTrue(EXECUTED.get() >= 50, "only " + EXECUTED.get() + " rule sets were compiled");
    assertTrue(SPLIT.get() >= 10, "only " + SPLIT.get() + " rule sets were split into parts");
  }

  Object toJava(Harness h, Val v) {
    return switch (v) {
      case VLeaf l -> h.make("E.Leaf", l.v());
      case VNode n -> h.make("E.Node", toJava(h, n.l()), toJava(h, n.r()));
      case VNil n -> h.make("E.Nil");
    };
  }

  @Property(tries = 200, maxDiscardRatio = 30)
  void compiledMatcherAgreesWithNaiveInterpreter(@ForAll("ruleSets") List<TRule> rules) {
    check(rules);
  }

  /** A multi term yields the results of every matching rule, whatever their order. */
  @Property(tries = 40)
  void multiTermYieldsEveryMatchingRule(@ForAll("ruleSets") List<TRule> rules) {
    StringBuilder src = new StringBuilder(PRELUDE.replace("(decl partial f (E E) u32)",
        "(decl multi f (E E) u32)"));
    for (int i = 0; i < rules.size(); i++) {
      src.append("(rule (f ").append(isle(rules.get(i).a())).append(' ')
          .append(isle(rules.get(i).b())).append(") ").append(i).append(")\n");
    }
    Harness h = Harness.of(src.toString());
    Object ctx = h.context(Map.<String, Function<Object[], Object>>of(
        "half", a -> (int) a[0] % 2 == 0 ? (Object) ((int) a[0] / 2) : null));
    for (Val a : VALUES) {
      for (Val b : VALUES) {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
          Map<String, Object> env = new HashMap<>();
          if (match(rules.get(i).a(), a, env) && match(rules.get(i).b(), b, env)) expected.add(i);
        }
        Object out = h.make("IntList");
        h.call("f", ctx, toJava(h, a), toJava(h, b), out);
        List<Integer> actual = new ArrayList<>();
        try {
          int n = (int) out.getClass().getMethod("size").invoke(out);
          for (int i = 0; i < n; i++) {
            actual.add((int) out.getClass().getMethod("get", int.class).invoke(out, i));
          }
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
        actual.sort(null);
        assertEquals(expected, actual, () -> src + "\ninput " + a + " " + b + "\n" + h.source);
      }
    }
  }

  /** The same with a tiny method budget, so that most subtrees move to helper methods. */
  @Property(tries = 60, maxDiscardRatio = 30)
  void splitMatcherAgreesWithNaiveInterpreter(@ForAll("ruleSets") List<TRule> rules) {
    int saved = JavaGenerator.methodBudget;
    JavaGenerator.methodBudget = 10;
    try {
      if (check(rules).contains("_part0(")) SPLIT.incrementAndGet();
    } finally {
      JavaGenerator.methodBudget = saved;
    }
  }

  String check(List<TRule> rules) {
    StringBuilder src = new StringBuilder(PRELUDE);
    for (int i = 0; i < rules.size(); i++) {
      TRule r = rules.get(i);
      src.append("(rule ").append(r.prio()).append(" (f ").append(isle(r.a())).append(' ')
          .append(isle(r.b())).append(") ").append(i).append(")\n");
    }
    IslecMain.Compiled c = IslecMain.compileSources(
        List.of(new IsleFrontend.Source("p.isle", src.toString())),
        GeneratorOptions.of(Harness.PKG, "Rules"));
    // Overlapping rules of one priority have no defined order: such sets are rejected, and
    // that is the only error random rule sets may produce.
    for (Diagnostic d : c.errors()) {
      if (d.kind() != Diagnostic.Kind.OVERLAP) fail(d + "\n" + src);
    }
    Assume.that(c.errors().isEmpty());
    EXECUTED.incrementAndGet();
    Harness h = Harness.of(src.toString());
    Object ctx = h.context(Map.<String, Function<Object[], Object>>of(
        "half", a -> (int) a[0] % 2 == 0 ? (Object) ((int) a[0] / 2) : null));
    List<Object> javaVals = new ArrayList<>();
    for (Val v : VALUES) javaVals.add(toJava(h, v));
    for (int i = 0; i < VALUES.size(); i++) {
      for (int j = 0; j < VALUES.size(); j++) {
        Val a = VALUES.get(i), b = VALUES.get(j);
        Integer expected = naive(rules, a, b);
        Object actual = h.call("f", ctx, javaVals.get(i), javaVals.get(j));
        assertEquals(expected, actual, () -> "rules:\n" + src + "\ninput " + a + " " + b
            + "\n" + h.source);
      }
    }
    return h.source;
  }
}
