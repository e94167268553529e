package dev.davit.islec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Run tests in the style of ISLE's run/link examples: rules compiled to Java, the Java compiled
 * and executed against a small test context, results asserted.
 */
class RunTest {
  @Test
  void prioritiesAndFallThrough() {
    Harness h = Harness.of("""
        (type Op (enum Add Sub Mul))
        (decl f (Op u32) u32)
        (rule 2 (f (Op.Add) 0) 100)
        (rule 1 (f (Op.Add) x) x)
        (rule 0 (f _ 7) 7000)
        (rule -1 (f _ _) 1)
        """);
    Object ctx = h.context(Map.of());
    assertEquals(100, h.call("f", ctx, h.make("Op.Add"), 0));
    assertEquals(5, h.call("f", ctx, h.make("Op.Add"), 5));
    assertEquals(7, h.call("f", ctx, h.make("Op.Add"), 7));
    assertEquals(7000, h.call("f", ctx, h.make("Op.Sub"), 7));
    assertEquals(1, h.call("f", ctx, h.make("Op.Mul"), 3));
  }

  @Test
  void fallThroughAfterSharedPrefixFails() {
    // Both high-priority rules share the test of `Inst.Bin`; when their deeper tests fail the
    // matcher must go on with the lower-priority rules, not give up.
    Harness h = Harness.of("""
        (type Inst (enum (Bin (a u32) (b u32)) (Un (a u32))))
        (decl g (Inst) u32)
        (rule 3 (g (Inst.Bin 1 b)) b)
        (rule 2 (g (Inst.Bin a 2)) a)
        (rule 1 (g (Inst.Un a)) 10)
        (rule 0 (g _) 0)
        """);
    Object ctx = h.context(Map.of());
    assertEquals(9, h.call("g", ctx, h.make("Inst.Bin", 1, 9)));
    assertEquals(5, h.call("g", ctx, h.make("Inst.Bin", 5, 2)));
    assertEquals(0, h.call("g", ctx, h.make("Inst.Bin", 5, 3)));
    assertEquals(10, h.call("g", ctx, h.make("Inst.Un", 4)));
  }

  @Test
  void ifLetWithPartialPureConstructors() {
    Harness h = Harness.of("""
        (decl pure partial checked_add (u32 u32) u32)
        (extern constructor checked_add checked_add)
        (decl pure partial small (u32) u32)
        (extern constructor small small)
        (decl g (u32 u32) u32)
        (rule 1 (g x y) (if-let z (checked_add x y)) (if (small z)) z)
        (rule 0 (g x y) 999)
        """);
    List<String> calls = new ArrayList<>();
    Object ctx = h.context(Map.<String, Function<Object[], Object>>of(
        "checked_add", a -> {
          calls.add("add");
          long s = (int) a[0] + (long) (int) a[1];
          return s > 1000 ? null : (int) s;
        },
        "small", a -> (int) a[0] < 10 ? a[0] : null));
    assertEquals(7, h.call("g", ctx, 3, 4));
    assertEquals(999, h.call("g", ctx, 30, 4));
    assertEquals(999, h.call("g", ctx, 3000, 4));
    assertEquals(List.of("add", "add", "add"), calls);
  }

  @Test
  void boundVariablesMustBeEqual() {
    Harness h = Harness.of("""
        (decl A (u32 u32) u32)
        (rule 1 (A x x) x)
        (rule 0 (A x _) 0)
        """);
    Object ctx = h.context(Map.of());
    assertEquals(4, h.call("A", ctx, 4, 4));
    assertEquals(0, h.call("A", ctx, 4, 5));
  }

  @Test
  void multiExtractorsAndMultiConstructors() {
    Harness h = Harness.of("""
        (decl multi pair (u32 u32) u32)
        (extern extractor pair pairs)
        (decl mul (u32 u32) u32)
        (extern constructor mul mul)
        (decl twice (u32) u32)
        (extern constructor twice twice)
        (decl multi splits (u32) u32)
        (rule (splits (pair a b)) (mul a b))
        (rule (splits x) x)
        (decl multi doubled (u32) u32)
        (rule (doubled x) (twice (splits x)))
        (decl first_with_three (u32) u32)
        (rule 1 (first_with_three (pair a 3)) a)
        (rule 0 (first_with_three _) 0)
        """);
    // pairs(n): every (a, b) with a + b = n and 1 <= a <= b.
    Object ctx = h.context(Map.<String, Function<Object[], Object>>of(
        "pairs", a -> {
          int n = (int) a[0];
          Object out = a[1];
          for (int x = 1; x <= n - x; x++) {
            add(out, h.make("Out_pair", x, n - x));
          }
          return null;
        },
        "mul", a -> (int) a[0] * (int) a[1],
        "twice", a -> 2 * (int) a[0]));
    assertEquals(List.of(5, 8, 9, 6), ints(callMulti(h, "splits", ctx, 6)));
    assertEquals(List.of(10, 16, 18, 12), ints(callMulti(h, "doubled", ctx, 6)));
    assertEquals(List.of(1), ints(callMulti(h, "splits", ctx, 1)));
    assertEquals(2, h.call("first_with_three", ctx, 5));
    assertEquals(1, h.call("first_with_three", ctx, 4));
    assertEquals(0, h.call("first_with_three", ctx, 2));
  }

  @SuppressWarnings("unchecked")
  private static void add(Object list, Object v) {
    ((List<Object>) list).add(v);
  }

  private static Object callMulti(Harness h, String term, Object ctx, int arg) {
    Object out = h.make("IntList");
    h.call(term, ctx, arg, out);
    return out;
  }

  private static List<Integer> ints(Object intList) {
    try {
      int n = (int) intList.getClass().getMethod("size").invoke(intList);
      List<Integer> l = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        l.add((int) intList.getClass().getMethod("get", int.class).invoke(intList, i));
      }
      return l;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void extractorMacros() {
    Harness h = Harness.of("""
        (type Op (enum Add Sub))
        (type Inst (enum (Bin (op Op) (a u32) (b u32)) (Un (a u32))))
        (decl iadd (u32 u32) Inst)
        (extractor (iadd a b) (Inst.Bin (Op.Add) a b))
        (decl isub (u32 u32) Inst)
        (extractor (isub a b) (Inst.Bin (Op.Sub) a b))
        (decl zero () u32)
        (extractor (zero) 0)
        (decl lower (Inst) u32)
        (rule 1 (lower (iadd (zero) b)) b)
        (rule 0 (lower (iadd a b)) (add a b))
        (rule 0 (lower (isub a b)) (sub a b))
        (decl add (u32 u32) u32)
        (extern constructor add add)
        (decl sub (u32 u32) u32)
        (extern constructor sub sub)
        """);
    Object ctx = h.context(Map.<String, Function<Object[], Object>>of(
        "add", a -> (int) a[0] + (int) a[1],
        "sub", a -> (int) a[0] - (int) a[1]));
    Object add = h.make("Op.Add");
    Object sub = h.make("Op.Sub");
    assertEquals(7, h.call("lower", ctx, h.make("Inst.Bin", add, 0, 7)));
    assertEquals(9, h.call("lower", ctx, h.make("Inst.Bin", add, 2, 7)));
    assertEquals(-5, h.call("lower", ctx, h.make("Inst.Bin", sub, 2, 7)));
    assertThrows(IllegalStateException.class, () -> h.call("lower", ctx, h.make("Inst.Un", 1)));
  }

  @Test
  void implicitConversionsBothWays() {
    Harness h = Harness.of("""
        (type Reg (primitive Reg))
        (decl wrap (u32) Reg)
        (extern constructor wrap wrap)
        (extern extractor wrap unwrap)
        (convert u32 Reg wrap)
        (decl half (u32) u32)
        (extern extractor half half)
        (decl h (Reg) Reg)
        (rule 1 (h (half x)) x)
        (rule 0 (h r) r)
        """);
    // Reg is a long holding 1000 + the u32 it wraps.
    Object ctx = h.context(Map.<String, Function<Object[], Object>>of(
        "wrap", a -> 1000L + (int) a[0],
        "unwrap", a -> (long) a[0] >= 1000 ? (Object) (int) ((long) a[0] - 1000) : null,
        "half", a -> (int) a[0] % 2 == 0 ? (Object) ((int) a[0] / 2) : null));
    assertEquals(1005L, h.call("h", ctx, 1010L));
    assertEquals(1011L, h.call("h", ctx, 1011L));
    assertEquals(5L, h.call("h", ctx, 5L));
  }

  @Test
  void letStructsBoolsConstantsAndPartialTerms() {
    Harness h = Harness.of("""
        (type P (struct (x u64) (y u64)))
        (extern const $LIMIT u64)
        (decl partial clamp (P) u64)
        (rule 2 (clamp (P $LIMIT _)) 0)
        (rule 1 (clamp (P x y))
              (if-let true (le x y))
              (let ((s u64 (sum x y))
                    (t u64 (sum s s)))
                t))
        (decl pure le (u64 u64) bool)
        (extern constructor le le)
        (decl sum (u64 u64) u64)
        (extern constructor sum sum)
        (decl swap (P) P)
        (rule (swap (P x y)) (P y x))
        (decl big () u64)
        (rule (big) 0xffff_ffff_ffff_ffff)
        """);
    Object ctx = h.context(Map.<String, Function<Object[], Object>>of(
        "const_LIMIT", a -> 77L,
        "le", a -> (long) a[0] <= (long) a[1],
        "sum", a -> (long) a[0] + (long) a[1]));
    assertEquals(0L, h.call("clamp", ctx, h.make("P", 77L, 1L)));
    assertEquals(10L, h.call("clamp", ctx, h.make("P", 2L, 3L)));
    assertNull(h.call("clamp", ctx, h.make("P", 4L, 3L)));
    assertEquals(h.make("P", 3L, 2L), h.call("swap", ctx, h.make("P", 2L, 3L)));
    assertEquals(-1L, h.call("big", ctx));
  }

  @Test
  void partialRightHandSideFailsTheTermWithoutBacktracking() {
    String isle = """
        (decl pure partial ok (u32) u32)
        (extern constructor ok ok)
        (decl partial inner (u32) u32)
        (extern constructor inner inner)
        (decl partial p (u32) u32)
        (rule 1 (p x) (if-let y (ok x)) (inner y))
        (rule 0 (p _) 42)
        """;
    int saved = JavaGenerator.methodBudget;
    for (int budget : new int[] {saved, 1}) {
      JavaGenerator.methodBudget = budget;
      Harness h;
      try {
        h = Harness.of(isle);
      } finally {
        JavaGenerator.methodBudget = saved;
      }
      assertEquals(budget == 1, h.source.contains("p_part0("), h.source);
      Object ctx = h.context(Map.<String, Function<Object[], Object>>of(
          "ok", a -> (int) a[0] < 100 ? a[0] : null,
          "inner", a -> (int) a[0] == 0 ? null : (Object) ((int) a[0] * 2)));
      assertEquals(10, h.call("p", ctx, 5));
      assertNull(h.call("p", ctx, 0));
      assertEquals(42, h.call("p", ctx, 200));
    }
  }

  @Test
  void unsupportedTypesAreErrorsAtTheirUse() {
    IslecMain.Compiled c = IslecMain.compileSources(List.of(new dev.davit.isle.IsleFrontend.Source(
        "w.isle", "(decl unused (u128) u8)\n(decl wide (u128) u8)\n(rule (wide _) 0)\n")),
        GeneratorOptions.of("gen", "W"));
    assertEquals(List.of("w.isle:2:7: type `u128` has no Java equivalent (128-bit integers are "
        + "not supported)"), c.errors().stream().map(Object::toString).toList());
  }

  @Test
  void recursionWithRec() {
    Harness h = Harness.of("""
        (decl rec count (u32) u32)
        (rule 1 (count 0) 0)
        (rule 0 (count n) (inc (count (dec n))))
        (decl inc (u32) u32)
        (extern constructor inc inc)
        (decl dec (u32) u32)
        (extern constructor dec dec)
        """);
    Object ctx = h.context(Map.<String, Function<Object[], Object>>of(
        "inc", a -> (int) a[0] + 1,
        "dec", a -> (int) a[0] - 1));
    assertEquals(12, h.call("count", ctx, 12));
  }

  @Test
  void generatedSourceNamesRulesAndLines() {
    Harness h = Harness.of("""
        (decl f (u32) u32)
        (rule named 3 (f 1) 2)
        (rule (f _) 0)
        """);
    assertTrue(h.source.contains("// rule named at test.isle:2, priority 3"), h.source);
    assertTrue(h.source.contains("// rule at test.isle:3"), h.source);
    assertTrue(h.source.contains("public interface Context"), h.source);
  }
}
