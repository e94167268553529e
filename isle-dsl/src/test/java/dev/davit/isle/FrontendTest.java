package dev.davit.isle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.isle.Diagnostic.Kind;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parser and semantic analysis on small inputs. */
class FrontendTest {
  static IsleFrontend.Result run(String text) {
    return IsleFrontend.compile(List.of(new IsleFrontend.Source("t.isle", text)));
  }

  static List<String> errors(String text) {
    return run(text).errors().stream().map(Diagnostic::toString).toList();
  }

  @Test
  void integerLiteralsInEveryBase() {
    List<Ast.Def> defs = IsleReader.read("t.isle",
        "(rule (f 0x1F -0x10 0o17 0b1010 1_000 -5 0XfF) 0)", new Diagnostics());
    Ast.PTerm p = (Ast.PTerm) ((Ast.Rule) defs.get(0)).pattern();
    List<BigInteger> vals = p.args().stream().map(a -> ((Ast.PInt) a).value()).toList();
    assertEquals(List.of(31, -16, 15, 10, 1000, -5, 255).stream().map(BigInteger::valueOf).toList(),
        vals);
  }

  @Test
  void commentsOfBothKinds() {
    IsleFrontend.Result r = run("""
        ; line comment
        (; block (; nested ;) comment ;)
        (decl f (u32) u32) ; trailing
        (rule (f x) x)
        """);
    assertEquals(List.of(), r.errors());
  }

  @Test
  void ruleNamesPrioritiesAndVerificationForms() {
    IsleFrontend.Result r = run("""
        (model T (type (bv 8)))
        (form f ((args (bv 8)) (ret (bv 8))))
        (spec (f x) (provide (= result #xff)))
        (instantiate f f)
        (decl f (u8) u8)
        (rule my_rule -3 (f x) x)
        """);
    assertEquals(List.of(), r.errors());
    assertEquals(4, r.program().verification.size());
    Program.Rule rule = r.program().rules.get(0);
    assertEquals("my_rule", rule.name());
    assertEquals(-3, rule.prio());
  }

  @Test
  void allSyntaxErrorsOfAFileInOneRun() {
    List<Diagnostic> e = run("(decl f (u32) u32)\n(rule (f x) x))\n(decl g (u32 u32)\n(rule (f ^) 0)\n")
        .errors();
    assertTrue(e.size() >= 2, e.toString());
    assertTrue(e.stream().allMatch(d -> d.kind() == Kind.SYNTAX), e.toString());
    assertEquals(2, e.get(0).pos().line());
    assertEquals(15, e.get(0).pos().column());
  }

  @Test
  void allSemanticErrorsInOneRun() {
    List<String> e = errors("""
        (decl f (u32) Nope)
        (decl g (u32) u32)
        (rule (g x) (h x))
        (rule (g y) z)
        (rule (zz) 1)
        """);
    assertEquals(List.of("t.isle:1:15: unknown type `Nope`",
        "t.isle:3:14: unknown term `h`",
        "t.isle:4:13: unknown variable `z`",
        "t.isle:5:8: unknown term `zz`"), e);
  }

  @Test
  void overlapNamesBothRules() {
    List<String> e = errors("""
        (type Op (enum A B))
        (decl f (Op u32) u32)
        (rule (f (Op.A) _) 1)
        (rule (f _ 3) 2)
        (rule (f (Op.B) 3) 3)
        (rule 1 (f (Op.B) 3) 3)
        """);
    assertEquals(List.of(
        "t.isle:4:1: rules overlap: rule at t.isle:3 and rule at t.isle:4 can both match the same"
            + " input at priority 0 (give one of them a different priority, or make their patterns"
            + " exclusive)",
        "t.isle:5:1: rules overlap: rule at t.isle:4 and rule at t.isle:5 can both match the same"
            + " input at priority 0 (give one of them a different priority, or make their patterns"
            + " exclusive)"), e);
  }

  @Test
  void disjointThroughSharedExtractorResults() {
    // Same extractor on the same value: one binding, tested against two variants.
    assertEquals(List.of(), errors("""
        (type Op (enum A B))
        (type Inst (primitive Inst))
        (decl op (Op) Inst)
        (extern extractor infallible op op)
        (decl f (Inst) u32)
        (rule (f (op (Op.A))) 1)
        (rule (f (op (Op.B))) 2)
        """));
  }

  @Test
  void literalRangesAndTypes() {
    List<Diagnostic> e = run("""
        (decl f (u8) u8)
        (rule (f 256) 0)
        (rule (f -129) 0)
        (rule (f -1) 255)
        (decl g (bool) bool)
        (rule (g 1) true)
        """).errors();
    assertEquals(List.of(Kind.LITERAL, Kind.LITERAL, Kind.TYPE_MISMATCH),
        e.stream().map(Diagnostic::kind).toList(), e.toString());
  }

  @Test
  void termKindsAreChecked() {
    List<Diagnostic> e = run("""
        (type T (enum (A (x u32))))
        (decl c (u32) T)
        (extern constructor c c)
        (decl e (u32) T)
        (extern extractor e e)
        (decl f (T) T)
        (rule (f (c x)) (e x))
        (rule (f (T.A 1 2)) (T.A 1))
        (extern constructor T.A nope)
        """).errors();
    assertEquals(List.of(Kind.BAD_PATTERN, Kind.ARITY, Kind.BAD_PATTERN),
        e.stream().map(Diagnostic::kind).toList(), e.toString());
  }

  @Test
  void deepNestingIsAnErrorNotACrash() {
    String deep = "(rule " + "(f ".repeat(200_000) + ")".repeat(200_000) + " 0)";
    IsleFrontend.Result r = run(deep);
    assertFalse(r.ok());
  }

  @Test
  void unterminatedInputAndBadCharacters() {
    assertFalse(run("(decl f (u32) u32").ok());
    assertFalse(run("(decl f (u32) u32) ) (").ok());
    assertFalse(run("(rule (f -) 0)").ok());
    assertEquals(Kind.SYNTAX, run("(decl f (u32) u32) )").errors().get(0).kind());
  }

  @Test
  void recursiveExtractorMacrosAndUnsupportedForms() {
    List<Diagnostic> e = run("""
        (decl loop (u32) u32)
        (extractor (loop x) (loop x))
        (decl f (u32) u32)
        (rule (f (loop x)) x)
        (decl g (u32 u32) u32)
        (extern extractor g g (in out))
        (rule (f (g <1 y)) y)
        """).errors();
    assertEquals(List.of(Kind.RECURSION, Kind.UNSUPPORTED, Kind.UNSUPPORTED),
        e.stream().map(Diagnostic::kind).toList(), e.toString());
    assertEquals(List.of(2, 6, 7), e.stream().map(d -> d.pos().line()).toList());
  }

  @Test
  void multiTermsOnlyInMultiContexts() {
    List<Diagnostic> e = run("""
        (decl multi m (u32) u32)
        (extern constructor m m)
        (decl f (u32) u32)
        (rule (f x) (m x))
        (decl pure p (u32) u32)
        (rule (p x) x)
        (decl multi n (u32) u32)
        (rule (n x) (if-let y (m x)) (m y))
        """).errors();
    assertEquals(List.of(Kind.MULTI, Kind.IMPURE, Kind.MULTI),
        e.stream().map(Diagnostic::kind).toList(), e.toString());
  }

  @Test
  void pathologicalInputsAreBounded() {
    // A macro using its parameter twice, nested 30 deep, would expand to 2^30 patterns.
    StringBuilder b = new StringBuilder("(decl d (u32) u32)\n(extractor (d x) (and x x))\n");
    b.append("(decl f (u32) u32)\n(rule (f ").append("(d ".repeat(30)).append("y")
        .append(")".repeat(30)).append(") y)\n");
    List<Diagnostic> e = run(b.toString()).errors();
    assertEquals(List.of(Kind.RECURSION), e.stream().map(Diagnostic::kind).toList());

    // Thousands of rules that all overlap: a bounded number of errors, quickly.
    StringBuilder many = new StringBuilder("(decl g (u32) u32)\n");
    for (int i = 0; i < 3000; i++) many.append("(rule (g x) ").append(i).append(")\n");
    e = run(many.toString()).errors();
    assertEquals(Lowering.MAX_OVERLAP_ERRORS, e.size());
  }
}
