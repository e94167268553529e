package dev.davit.isle;

import dev.davit.isle.Program.*;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the typed rules of one term into flat match programs over shared <em>bindings</em>.
 *
 * <p>A binding is a value the matcher can compute: an argument, a field of a matched variant, the
 * result of an extractor or of a pure constructor. Bindings are hash-consed per term, so the same
 * computation in two rules is the same binding: this is what lets the code generator evaluate a
 * shared test once, and what lets the overlap check see that {@code (Op (Opcode.Iadd))} and
 * {@code (Op (Opcode.Isub))} test one value against two different variants.
 *
 * <p>A rule becomes a list of {@link Step}s (tests on bindings, in evaluation order: the main
 * pattern depth-first, left to right, then the if-lets in order) plus the bindings of its
 * variables, from which its right-hand side is built.
 */
public final class Lowering {
  // ---- bindings ----

  public sealed interface Binding {}

  public record Arg(int index, Type type) implements Binding {}

  /** The value {@code src} seen as variant {@code variant} (after a successful test). */
  public record VariantCast(int src, Variant variant) implements Binding {}

  /** Field {@code field} of {@code src}: a {@link VariantCast}, or a struct value. */
  public record FieldOf(int src, Variant variant, int field) implements Binding {}

  /** The raw result of extern extractor {@code term} applied to {@code src}. */
  public record Extract(Term term, int src) implements Binding {}

  /** The list of results of multi extractor {@code term} applied to {@code src}. */
  public record MultiExtract(Term term, int src) implements Binding {}

  /** The current element of the loop over list binding {@code src}. */
  public record Element(int src) implements Binding {}

  /** The value inside a fallible single result {@code src}, once known to be present. */
  public record Unwrap(int src, Type type) implements Binding {}

  /** Component {@code index} of a multi-value result {@code src}. */
  public record Output(int src, int index, Type type) implements Binding {}

  /** A pure constructor call (if-let expressions). */
  public record Call(Term term, List<Integer> args) implements Binding {}

  public record MakeVariant(Variant variant, List<Integer> args) implements Binding {}

  public record ConstInt(BigInteger value, Type type) implements Binding {}

  public record ConstBool(boolean value) implements Binding {}

  public record ConstPrim(Const constant) implements Binding {}

  // ---- steps ----

  public sealed interface Step {}

  public record IsVariant(int binding, Variant variant) implements Step {}

  public record EqInt(int binding, BigInteger value) implements Step {}

  public record EqBool(int binding, boolean value) implements Step {}

  public record EqConst(int binding, Const constant) implements Step {}

  /** A fallible result is present (or a zero-output extractor matched). */
  public record IsSome(int binding) implements Step {}

  /** Two bindings are equal (a variable used twice in a pattern). */
  public record Same(int a, int b) implements Step {}

  /** Try every element of a multi result. */
  public record ForEach(int list) implements Step {}

  public record LoweredRule(Rule rule, List<Step> steps, Map<Var, Integer> vars) {}

  /** All rules of one term, lowered over one binding table. */
  public static final class TermRules {
    public final Term term;
    public final List<Binding> bindings = new ArrayList<>();
    private final Map<Binding, Integer> ids = new HashMap<>();
    /** Bindings whose value depends on a loop element: different on each iteration. */
    private final List<Boolean> iterated = new ArrayList<>();
    public final List<LoweredRule> rules = new ArrayList<>();

    TermRules(Term term) {
      this.term = term;
    }

    public int intern(Binding b) {
      Integer id = ids.get(b);
      if (id != null) return id;
      int n = bindings.size();
      bindings.add(b);
      ids.put(b, n);
      iterated.add(b instanceof Element || sources(b).stream().anyMatch(iterated::get));
      return n;
    }

    public Binding get(int id) {
      return bindings.get(id);
    }
  }

  /** The bindings a binding is computed from. */
  public static List<Integer> sources(Binding b) {
    return switch (b) {
      case VariantCast v -> List.of(v.src());
      case FieldOf f -> List.of(f.src());
      case Extract e -> List.of(e.src());
      case MultiExtract e -> List.of(e.src());
      case Element e -> List.of(e.src());
      case Unwrap u -> List.of(u.src());
      case Output o -> List.of(o.src());
      case Call c -> c.args();
      case MakeVariant m -> m.args();
      default -> List.of();
    };
  }

  private Lowering() {}

  /** Lowers the rules of {@code term}. */
  public static TermRules lower(Term term) {
    TermRules tr = new TermRules(term);
    for (Rule r : term.rules) {
      List<Step> steps = new ArrayList<>();
      Map<Var, Integer> vars = new LinkedHashMap<>();
      for (int i = 0; i < r.args().size(); i++) {
        int arg = tr.intern(new Arg(i, term.args.get(i)));
        pattern(tr, r.args().get(i), arg, steps, vars);
      }
      for (IfLet il : r.ifLets()) {
        int v = expr(tr, il.expr(), steps, vars);
        pattern(tr, il.pattern(), v, steps, vars);
      }
      tr.rules.add(new LoweredRule(r, steps, vars));
    }
    return tr;
  }

  /** Canonical value of an integer literal: its bits read in the type's signedness. */
  public static BigInteger canonical(BigInteger v, Type type) {
    if (!(type instanceof IntType it)) return v;
    BigInteger mod = BigInteger.ONE.shiftLeft(it.bits());
    BigInteger u = v.mod(mod);
    if (it.signed() && u.testBit(it.bits() - 1)) u = u.subtract(mod);
    return u;
  }

  private static void pattern(TermRules tr, Pat p, int b, List<Step> steps, Map<Var, Integer> vars) {
    switch (p) {
      case PWild w -> { }
      case PBind bind -> {
        vars.put(bind.var(), b);
        pattern(tr, bind.sub(), b, steps, vars);
      }
      case PUse use -> steps.add(new Same(vars.get(use.var()), b));
      case PInt i -> steps.add(new EqInt(b, canonical(i.value(), i.type())));
      case PBool bo -> steps.add(new EqBool(b, bo.value()));
      case PConst c -> steps.add(new EqConst(b, c.constant()));
      case PAnd a -> {
        for (Pat s : a.subs()) pattern(tr, s, b, steps, vars);
      }
      case PVariant v -> {
        Variant var = v.variant();
        int src = b;
        if (!var.owner().struct()) {
          steps.add(new IsVariant(b, var));
          if (!var.fields().isEmpty()) src = tr.intern(new VariantCast(b, var));
        }
        for (int i = 0; i < v.fields().size(); i++) {
          if (v.fields().get(i) instanceof PWild) continue;
          pattern(tr, v.fields().get(i), tr.intern(new FieldOf(src, var, i)), steps, vars);
        }
      }
      case PExtract e -> {
        Term t = e.term();
        int raw;
        if (t.multi) {
          int list = tr.intern(new MultiExtract(t, b));
          steps.add(new ForEach(list));
          raw = tr.intern(new Element(list));
        } else {
          raw = tr.intern(new Extract(t, b));
          if (!t.infallible) steps.add(new IsSome(raw));
        }
        List<Pat> outs = e.outs();
        if (outs.size() == 1) {
          int v = (!t.multi && !t.infallible) ? tr.intern(new Unwrap(raw, t.args.get(0))) : raw;
          pattern(tr, outs.get(0), v, steps, vars);
        } else {
          for (int i = 0; i < outs.size(); i++) {
            if (outs.get(i) instanceof PWild) continue;
            pattern(tr, outs.get(i), tr.intern(new Output(raw, i, t.args.get(i))), steps, vars);
          }
        }
      }
    }
  }

  private static int expr(TermRules tr, Expr e, List<Step> steps, Map<Var, Integer> vars) {
    return switch (e) {
      case EInt i -> tr.intern(new ConstInt(canonical(i.value(), i.type()), i.type()));
      case EBool b -> tr.intern(new ConstBool(b.value()));
      case EConst c -> tr.intern(new ConstPrim(c.constant()));
      case EVar v -> vars.get(v.var());
      case ELet l -> {
        for (int i = 0; i < l.vars().size(); i++) {
          vars.put(l.vars().get(i), expr(tr, l.values().get(i), steps, vars));
        }
        yield expr(tr, l.body(), steps, vars);
      }
      case ECall c -> {
        List<Integer> args = new ArrayList<>();
        for (Expr a : c.args()) args.add(expr(tr, a, steps, vars));
        int call = tr.intern(new Call(c.term(), List.copyOf(args)));
        if (!c.term().fallibleConstructor()) yield call;
        steps.add(new IsSome(call));
        yield tr.intern(new Unwrap(call, c.type()));
      }
      case EVariant v -> {
        List<Integer> args = new ArrayList<>();
        for (Expr a : v.args()) args.add(expr(tr, a, steps, vars));
        yield tr.intern(new MakeVariant(v.variant(), List.copyOf(args)));
      }
    };
  }

  // ---- overlap checking ----

  /**
   * Reports every pair of rules of equal priority that can match the same input. Two rules are
   * disjoint when some binding is tested against different values by both; equality of
   * variables is not used, so the check is conservative. Rules are first partitioned by the
   * most tested binding, so that large rule sets do not cost a comparison per pair.
   */
  public static void checkOverlaps(TermRules tr, Diagnostics diags) {
    if (tr.term.multi) return;
    Map<Long, List<Constraints>> byPrio = new LinkedHashMap<>();
    for (LoweredRule r : tr.rules) {
      Map<Integer, Object> values = new HashMap<>();
      for (Step s : r.steps()) {
        int b;
        Object v;
        switch (s) {
          case IsVariant iv -> { b = iv.binding(); v = iv.variant(); }
          case EqInt ei -> { b = ei.binding(); v = ei.value(); }
          case EqBool eb -> { b = eb.binding(); v = eb.value(); }
          case EqConst ec -> { b = ec.binding(); v = ec.constant(); }
          default -> { continue; }
        }
        if (!tr.iterated.get(b)) values.put(b, v);
      }
      byPrio.computeIfAbsent(r.rule().prio(), k -> new ArrayList<>())
          .add(new Constraints(r.rule(), values));
    }
    Set<Long> reported = new HashSet<>();
    for (List<Constraints> group : byPrio.values()) {
      partition(group, new HashSet<>(), reported, diags);
    }
  }

  static final int MAX_OVERLAP_ERRORS = 100;

  private record Constraints(Rule rule, Map<Integer, Object> values) {}

  private static void partition(List<Constraints> rules, Set<Integer> used, Set<Long> reported,
      Diagnostics diags) {
    if (rules.size() < 2) return;
    Map<Integer, Integer> counts = new HashMap<>();
    for (Constraints c : rules) {
      for (Integer b : c.values().keySet()) {
        if (!used.contains(b)) counts.merge(b, 1, Integer::sum);
      }
    }
    int best = -1, bestCount = 0;
    for (var e : counts.entrySet()) {
      if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    if (best < 0 || rules.size() <= 8) {
      for (int i = 0; i < rules.size(); i++) {
        for (int j = i + 1; j < rules.size(); j++) pair(rules.get(i), rules.get(j), reported, diags);
      }
      return;
    }
    Map<Object, List<Constraints>> parts = new LinkedHashMap<>();
    List<Constraints> free = new ArrayList<>();
    for (Constraints c : rules) {
      Object v = c.values().get(best);
      if (v == null) free.add(c);
      else parts.computeIfAbsent(v, k -> new ArrayList<>()).add(c);
    }
    Set<Integer> used2 = new HashSet<>(used);
    used2.add(best);
    if (parts.isEmpty()) {
      partition(free, used2, reported, diags);
      return;
    }
    for (List<Constraints> part : parts.values()) {
      List<Constraints> l = new ArrayList<>(part);
      l.addAll(free);
      l.sort((a, b) -> Integer.compare(a.rule().index(), b.rule().index()));
      partition(l, used2, reported, diags);
    }
  }

  private static void pair(Constraints a, Constraints b, Set<Long> reported, Diagnostics diags) {
    Map<Integer, Object> small = a.values().size() <= b.values().size() ? a.values() : b.values();
    Map<Integer, Object> big = small == a.values() ? b.values() : a.values();
    for (var e : small.entrySet()) {
      Object o = big.get(e.getKey());
      if (o != null && disjoint(e.getValue(), o)) return;
    }
    Rule first = a.rule().index() < b.rule().index() ? a.rule() : b.rule();
    Rule second = first == a.rule() ? b.rule() : a.rule();
    // A term whose rules all overlap would give a quadratic number of errors; the first ones
    // say what is wrong.
    if (reported.size() >= MAX_OVERLAP_ERRORS) return;
    if (!reported.add(((long) first.index() << 32) | second.index())) return;
    diags.error(second.pos(), Diagnostic.Kind.OVERLAP, "rules overlap: " + first.describe() + " and "
        + second.describe() + " can both match the same input at priority " + first.prio()
        + " (give one of them a different priority, or make their patterns exclusive)");
  }

  private static boolean disjoint(Object x, Object y) {
    if (x.getClass() != y.getClass()) return false;
    return !x.equals(y);
  }
}
