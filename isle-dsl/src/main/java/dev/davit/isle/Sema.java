package dev.davit.isle;

import static dev.davit.isle.Diagnostic.Kind.*;

import dev.davit.isle.Program.*;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Semantic analysis: resolves types and terms, types every pattern and expression, expands
 * internal extractors, inserts {@code convert} terms where types differ, and checks purity,
 * {@code multi} rules and recursion. Every error is recorded and analysis goes on, so that one
 * run reports them all.
 */
public final class Sema {
  private static final int MAX_MACRO_DEPTH = 64;
  private static final int MAX_PATTERN_NODES = 100_000;

  private final Diagnostics diags;
  private final Program prog = new Program();
  private final Map<List<Type>, Term> converters = new HashMap<>();
  private final Map<List<Type>, Pos> converterPos = new HashMap<>();
  private final Set<String> ruleRoots = new HashSet<>();
  private final BoolType boolType = new BoolType("bool");

  private Sema(Diagnostics diags) {
    this.diags = diags;
  }

  /** Analyses all definitions of a unit (every file together: names are global). */
  public static Program analyze(List<Ast.Def> defs, Diagnostics diags) {
    Sema s = new Sema(diags);
    s.run(defs);
    return s.prog;
  }

  private void err(Pos pos, Diagnostic.Kind kind, String msg) {
    diags.error(pos, kind, msg);
  }

  private void run(List<Ast.Def> defs) {
    prog.types.put("bool", boolType);
    for (int bits : new int[] {8, 16, 32, 64, 128}) {
      prog.types.put("u" + bits, new IntType("u" + bits, bits, false));
      prog.types.put("i" + bits, new IntType("i" + bits, bits, true));
    }
    prog.types.put("usize", new IntType("usize", 64, false));
    prog.types.put("isize", new IntType("isize", 64, true));
    Set<String> builtins = new HashSet<>(prog.types.keySet());

    // Types first (all of them, so that fields and declarations may refer forward).
    List<Ast.TypeDef> typeDefs = new ArrayList<>();
    for (Ast.Def d : defs) {
      if (d instanceof Ast.TypeDef t) {
        String n = t.name().name();
        if (prog.types.containsKey(n)) {
          boolean sameBuiltin = builtins.contains(n) && t.value() instanceof Ast.PrimitiveType pt
              && pt.javaName().name().equals(n);
          if (!sameBuiltin) err(t.name().pos(), DUPLICATE, "type `" + n + "` is already defined");
          continue;
        }
        Type ty = switch (t.value()) {
          case Ast.PrimitiveType pt -> new PrimType(n, pt.javaName().name(), t.pos());
          case Ast.EnumType et -> new EnumType(n, t.isExtern(), t.nodebug(), false,
              new ArrayList<>(), t.pos());
          case Ast.StructType st -> new EnumType(n, t.isExtern(), t.nodebug(), true,
              new ArrayList<>(), t.pos());
        };
        prog.types.put(n, ty);
        typeDefs.add(t);
      }
    }
    for (Ast.TypeDef t : typeDefs) {
      if (!(prog.types.get(t.name().name()) instanceof EnumType et)) continue;
      List<Ast.Variant> vs = switch (t.value()) {
        case Ast.EnumType e -> e.variants();
        case Ast.StructType s -> List.of(new Ast.Variant(t.name(), s.fields(), s.pos()));
        default -> List.of();
      };
      Set<String> seen = new HashSet<>();
      for (Ast.Variant v : vs) {
        if (!seen.add(v.name().name())) {
          err(v.name().pos(), DUPLICATE, "variant `" + v.name().name() + "` is already defined in `"
              + et.name() + "`");
          continue;
        }
        List<Field> fields = new ArrayList<>();
        List<Type> argTys = new ArrayList<>();
        Set<String> fieldNames = new HashSet<>();
        for (Ast.Field f : v.fields()) {
          Type ft = type(f.type());
          if (!fieldNames.add(f.name().name())) {
            err(f.name().pos(), DUPLICATE, "field `" + f.name().name() + "` is already defined");
          }
          if (ft == null) ft = boolType;
          fields.add(new Field(f.name().name(), ft));
          argTys.add(ft);
        }
        Variant var = new Variant(et, v.name().name(), fields, et.variants().size(), v.pos());
        et.variants().add(var);
        String termName = var.fullName();
        if (prog.terms.containsKey(termName)) {
          err(v.pos(), DUPLICATE, "term `" + termName + "` is already defined");
        } else {
          Term term = new Term(termName, v.pos(), argTys, et, var);
          term.pure = true;
          prog.terms.put(termName, term);
        }
      }
    }

    // Declarations and constants.
    for (Ast.Def d : defs) {
      if (d instanceof Ast.Decl decl) {
        String n = decl.term().name();
        List<Type> args = new ArrayList<>();
        boolean ok = true;
        for (Ast.Ident a : decl.argTypes()) {
          Type t = type(a);
          ok &= t != null;
          args.add(t);
        }
        Type ret = type(decl.retType());
        if (prog.terms.containsKey(n)) {
          err(decl.term().pos(), DUPLICATE, "term `" + n + "` is already declared at "
              + prog.terms.get(n).pos);
          continue;
        }
        if (!ok || ret == null) continue;
        Term t = new Term(n, decl.term().pos(), List.copyOf(args), ret, null);
        t.pure = decl.pure();
        t.multi = decl.multi();
        t.partial = decl.partial();
        t.rec = decl.rec();
        prog.terms.put(n, t);
      } else if (d instanceof Ast.ExternConst c) {
        String n = c.name().name();
        if (!n.startsWith("$") || n.length() == 1) {
          err(c.name().pos(), BAD_EXPRESSION, "constant name must start with `$`");
          continue;
        }
        n = n.substring(1);
        Type t = type(c.type());
        if (prog.consts.containsKey(n)) {
          err(c.name().pos(), DUPLICATE, "constant `$" + n + "` is already defined");
        } else if (t != null) {
          prog.consts.put(n, new Const(n, t, c.pos()));
        }
      } else if (d instanceof Ast.Verify v) {
        prog.verification.add(v);
      } else if (d instanceof Ast.Rule r && r.pattern() instanceof Ast.PTerm pt) {
        ruleRoots.add(pt.term().name());
      }
    }

    // Extern bindings, extractor macros, converters.
    for (Ast.Def d : defs) {
      switch (d) {
        case Ast.ExternConstructor ec -> {
          Term t = declTerm(ec.term(), "an extern constructor");
          if (t == null) break;
          if (t.externConstructor != null) {
            err(ec.pos(), DUPLICATE, "term `" + t.name + "` already has an extern constructor");
          } else if (ruleRoots.contains(t.name)) {
            err(ec.pos(), DUPLICATE, "term `" + t.name
                + "` has rules, so it cannot also have an extern constructor");
          } else {
            t.externConstructor = ec.func().name();
            t.externConstructorPos = ec.pos();
          }
        }
        case Ast.ExternExtractor ee -> {
          Term t = declTerm(ee.term(), "an extern extractor");
          if (t == null) break;
          if (ee.polarity() != null) {
            err(ee.pos(), UNSUPPORTED, "argument polarity (in-arguments of extractors) is not "
                + "supported");
          }
          if (t.externExtractor != null || t.macro != null) {
            err(ee.pos(), DUPLICATE, "term `" + t.name + "` already has an extractor");
          } else {
            t.externExtractor = ee.func().name();
            t.infallible = ee.infallible();
          }
        }
        case Ast.Extractor ex -> {
          Term t = declTerm(ex.term(), "an extractor");
          if (t == null) break;
          if (t.multi) {
            err(ex.pos(), MULTI, "multi term `" + t.name
                + "` cannot have an internal extractor; only extern extractors can be multi");
          } else if (t.externExtractor != null || t.macro != null) {
            err(ex.pos(), DUPLICATE, "term `" + t.name + "` already has an extractor");
          } else if (ex.params().size() != t.args.size()) {
            err(ex.pos(), ARITY, "extractor `" + t.name + "` has " + ex.params().size()
                + " parameters but the term has " + t.args.size() + " arguments");
          } else {
            t.macro = ex;
          }
        }
        case Ast.Convert cv -> {
          Type inner = type(cv.inner());
          Type outer = type(cv.outer());
          Term t = prog.terms.get(cv.term().name());
          if (t == null) {
            err(cv.term().pos(), UNKNOWN_TERM, "unknown term `" + cv.term().name() + "`");
          }
          if (inner == null || outer == null || t == null) break;
          if (t.args.size() != 1 || t.args.get(0) != inner || t.ret != outer) {
            err(cv.term().pos(), CONVERTER, "converter term `" + t.name + "` must have type ("
                + inner.name() + ") " + outer.name());
            break;
          }
          List<Type> key = List.of(inner, outer);
          if (converters.containsKey(key)) {
            err(cv.pos(), CONVERTER, "a converter from `" + inner.name() + "` to `" + outer.name()
                + "` is already defined at " + converterPos.get(key));
          } else {
            converters.put(key, t);
            converterPos.put(key, cv.pos());
          }
        }
        default -> { }
      }
    }
    // Rules.
    for (Ast.Def d : defs) {
      if (d instanceof Ast.Rule r) rule(r);
    }
    checkPurity();
    checkRecursion();
  }

  private Term declTerm(Ast.Ident id, String what) {
    Term t = prog.terms.get(id.name());
    if (t == null) {
      err(id.pos(), UNKNOWN_TERM, "unknown term `" + id.name() + "`");
      return null;
    }
    if (t.variant != null) {
      err(id.pos(), BAD_PATTERN, "`" + id.name() + "` is an enum variant; it cannot have " + what);
      return null;
    }
    return t;
  }

  private Type type(Ast.Ident id) {
    Type t = prog.types.get(id.name());
    if (t == null) err(id.pos(), UNKNOWN_TYPE, "unknown type `" + id.name() + "`");
    return t;
  }

  // ---- rules ----

  /** Per-rule state: variables in scope and the enclosing term. */
  private static final class RuleCx {
    final Term root;
    int nextVar;
    boolean inIfLet;
    /** Pattern nodes typed so far: macros that use a parameter twice can grow exponentially. */
    int patternNodes;
    boolean tooLarge;

    RuleCx(Term root) {
      this.root = root;
    }
  }

  /** A macro parameter's actual pattern, with the substitution of the scope it was written in. */
  private record Subst(Ast.Pattern pattern, Map<String, Subst> env) {}

  private void rule(Ast.Rule r) {
    if (!(r.pattern() instanceof Ast.PTerm root)) {
      err(r.pattern().pos(), BAD_PATTERN, "the left-hand side of a rule must be a term, as in "
          + "`(term args...)`");
      return;
    }
    Term t = prog.terms.get(root.term().name());
    if (t == null) {
      err(root.term().pos(), UNKNOWN_TERM, "unknown term `" + root.term().name() + "`");
      return;
    }
    if (t.variant != null) {
      err(root.term().pos(), BAD_PATTERN, "`" + t.name + "` is an enum variant; rules cannot "
          + "define it");
      return;
    }
    if (t.multi && r.prioWritten()) {
      err(r.pos(), MULTI, "rules of multi term `" + t.name + "` cannot have a priority: all of "
          + "them contribute results");
    }
    if (root.args().size() != t.args.size()) {
      err(root.pos(), ARITY, "term `" + t.name + "` takes " + t.args.size() + " arguments but "
          + root.args().size() + " are given");
      return;
    }
    RuleCx cx = new RuleCx(t);
    Map<String, Var> scope = new LinkedHashMap<>();
    List<Pat> args = new ArrayList<>();
    for (int i = 0; i < t.args.size(); i++) {
      args.add(pattern(root.args().get(i), t.args.get(i), scope, Map.of(), cx, 0));
    }
    // After an error in the pattern its variables may be unbound: typing the rest of the rule
    // would only report consequences of that error.
    if (args.contains(null)) return;
    List<IfLet> ifLets = new ArrayList<>();
    for (Ast.IfLet il : r.ifLets()) {
      cx.inIfLet = true;
      Expr e = expr(il.expr(), null, scope, cx);
      cx.inIfLet = false;
      if (e == null) continue;
      Pat p = pattern(il.pattern(), e.type(), scope, Map.of(), cx, 0);
      ifLets.add(new IfLet(p, e, il.pos()));
    }
    Expr rhs = expr(r.expr(), t.ret, scope, cx);
    if (rhs == null || args.contains(null) || ifLets.size() != r.ifLets().size()) return;
    Rule rule = new Rule(t, r.name() == null ? null : r.name().name(), r.prio(), r.pos(),
        List.copyOf(args), List.copyOf(ifLets), rhs, prog.rules.size());
    prog.rules.add(rule);
    t.rules.add(rule);
  }

  private Var newVar(String name, Type type, Map<String, Var> scope, RuleCx cx) {
    Var v = new Var(name, type, cx.nextVar++);
    scope.put(name, v);
    return v;
  }

  /** Types a pattern against the type of the value it matches; null after an error. */
  private Pat pattern(Ast.Pattern p, Type expected, Map<String, Var> scope,
      Map<String, Subst> env, RuleCx cx, int depth) {
    if (++cx.patternNodes > MAX_PATTERN_NODES) {
      if (!cx.tooLarge) {
        cx.tooLarge = true;
        err(p.pos(), RECURSION, "pattern is too large after expanding extractors (more than "
            + MAX_PATTERN_NODES + " parts)");
      }
      return null;
    }
    switch (p) {
      case Ast.PWildcard w -> {
        return new PWild(w.pos());
      }
      case Ast.PVar v -> {
        Subst s = env.get(v.var().name());
        if (s != null) return pattern(s.pattern(), expected, scope, s.env(), cx, depth);
        return bindOrUse(v.var(), expected, scope, cx, new PWild(v.pos()), v.pos());
      }
      case Ast.PBind b -> {
        Pat sub = pattern(b.sub(), expected, scope, env, cx, depth);
        if (sub == null) return null;
        Subst s = env.get(b.var().name());
        if (s != null) {
          Pat whole = pattern(s.pattern(), expected, scope, s.env(), cx, depth);
          return whole == null ? null : new PAnd(List.of(whole, sub), b.pos());
        }
        return bindOrUse(b.var(), expected, scope, cx, sub, b.pos());
      }
      case Ast.PInt i -> {
        if (!checkInt(i.value(), expected, i.pos())) return null;
        return new PInt(i.value(), expected, i.pos());
      }
      case Ast.PBool b -> {
        if (!(expected instanceof BoolType)) {
          err(b.pos(), TYPE_MISMATCH, "boolean pattern where a value of type `" + expected.name()
              + "` is matched");
          return null;
        }
        return new PBool(b.value(), b.pos());
      }
      case Ast.PConst c -> {
        Const k = constant(c.name());
        if (k == null) return null;
        if (k.type() != expected) {
          err(c.pos(), TYPE_MISMATCH, "constant `$" + k.name() + "` has type `" + k.type().name()
              + "` but a value of type `" + expected.name() + "` is matched");
          return null;
        }
        return new PConst(k, c.pos());
      }
      case Ast.PAnd a -> {
        List<Pat> subs = new ArrayList<>();
        boolean ok = true;
        for (Ast.Pattern s : a.subs()) {
          Pat sp = pattern(s, expected, scope, env, cx, depth);
          ok &= sp != null;
          subs.add(sp);
        }
        return ok ? new PAnd(subs, a.pos()) : null;
      }
      case Ast.PInArg in -> {
        err(in.pos(), UNSUPPORTED, "extractor in-arguments (`<expr`) are not supported");
        return null;
      }
      case Ast.PTerm pt -> {
        return termPattern(pt, expected, scope, env, cx, depth);
      }
    }
  }

  private Pat bindOrUse(Ast.Ident id, Type expected, Map<String, Var> scope, RuleCx cx, Pat sub,
      Pos pos) {
    Var existing = scope.get(id.name());
    if (existing != null) {
      if (existing.type() != expected) {
        err(id.pos(), TYPE_MISMATCH, "variable `" + id.name() + "` has type `"
            + existing.type().name() + "` but is matched against a value of type `"
            + expected.name() + "`");
        return null;
      }
      Pat use = new PUse(existing, pos);
      return sub instanceof PWild ? use : new PAnd(List.of(use, sub), pos);
    }
    return new PBind(newVar(id.name(), expected, scope, cx), sub, pos);
  }

  private Pat termPattern(Ast.PTerm pt, Type expected, Map<String, Var> scope,
      Map<String, Subst> env, RuleCx cx, int depth) {
    String name = pt.term().name();
    Term t = prog.terms.get(name);
    if (t == null) {
      if (scope.containsKey(name) || env.containsKey(name)) {
        err(pt.term().pos(), UNKNOWN_TERM, "`" + name + "` is a variable, not a term; remove the "
            + "parentheses around it");
      } else {
        err(pt.term().pos(), UNKNOWN_TERM, "unknown term `" + name + "`");
      }
      return null;
    }
    if (pt.args().size() != t.args.size()) {
      err(pt.pos(), ARITY, "term `" + name + "` takes " + t.args.size() + " arguments but "
          + pt.args().size() + " are given");
      return null;
    }
    if (t.ret != expected) {
      // The pattern's type differs from the matched value's: look for `(convert T E c)` whose
      // term c can extract a T out of an E, and match through it.
      Term conv = converters.get(List.of(t.ret, expected));
      if (conv == null) {
        err(pt.pos(), TYPE_MISMATCH, "term `" + name + "` has type `" + t.ret.name()
            + "` but a value of type `" + expected.name() + "` is matched here (and there is no "
            + "converter from `" + t.ret.name() + "` to `" + expected.name() + "`)");
        return null;
      }
      if (!conv.hasExtractor()) {
        err(pt.pos(), CONVERTER, "converter `" + conv.name + "` from `" + t.ret.name() + "` to `"
            + expected.name() + "` has no extractor, so it cannot be used in a pattern");
        return null;
      }
      Ast.PTerm wrapped = new Ast.PTerm(new Ast.Ident(conv.name, pt.pos()), List.of(pt), pt.pos());
      return termPattern(wrapped, expected, scope, env, cx, depth + 1);
    }
    if (depth > MAX_MACRO_DEPTH) {
      err(pt.pos(), RECURSION, "extractor expansion of `" + name + "` does not terminate");
      return null;
    }
    if (t.variant == null && t.externExtractor == null && t.macro == null) {
      err(pt.term().pos(), BAD_PATTERN, "term `" + name + "` has no extractor, so it cannot be "
          + "used in a pattern");
      return null;
    }
    if (t.macro != null) {
      Map<String, Subst> inner = new HashMap<>();
      for (int i = 0; i < t.args.size(); i++) {
        inner.put(t.macro.params().get(i).name(), new Subst(pt.args().get(i), env));
      }
      return pattern(t.macro.template(), expected, scope, inner, cx, depth + 1);
    }
    List<Pat> subs = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < t.args.size(); i++) {
      Pat sp = pattern(pt.args().get(i), t.args.get(i), scope, env, cx, depth);
      ok &= sp != null;
      subs.add(sp);
    }
    if (!ok) return null;
    if (t.variant != null) return new PVariant(t.variant, subs, pt.pos());
    return new PExtract(t, subs, pt.pos());
  }

  private Const constant(Ast.Ident id) {
    Const k = prog.consts.get(id.name().substring(1));
    if (k == null) err(id.pos(), UNKNOWN_VARIABLE, "unknown constant `" + id.name() + "`");
    return k;
  }

  private boolean checkInt(BigInteger v, Type expected, Pos pos) {
    if (expected instanceof IntType it) {
      // As in Cranelift, a literal may be written in either signedness of the type's width.
      BigInteger lo = it.signed() ? it.min() : BigInteger.ONE.shiftLeft(it.bits() - 1).negate();
      BigInteger hi = BigInteger.ONE.shiftLeft(it.bits()).subtract(BigInteger.ONE);
      if (v.compareTo(lo) < 0 || v.compareTo(hi) > 0) {
        err(pos, LITERAL, "integer " + v + " does not fit in type `" + it.name() + "`");
        return false;
      }
      return true;
    }
    if (expected instanceof PrimType) return true;
    err(pos, TYPE_MISMATCH, "integer literal where a value of type `" + expected.name()
        + "` is expected");
    return false;
  }

  /** Types an expression; {@code expected} null means "infer". Null after an error. */
  private Expr expr(Ast.Expr e, Type expected, Map<String, Var> scope, RuleCx cx) {
    switch (e) {
      case Ast.EInt i -> {
        if (expected == null) {
          err(i.pos(), TYPE_MISMATCH, "cannot infer the type of this integer literal");
          return null;
        }
        if (!checkInt(i.value(), expected, i.pos())) return null;
        return new EInt(i.value(), expected, i.pos());
      }
      case Ast.EBool b -> {
        return coerce(new EBool(b.value(), boolType, b.pos()), expected, cx);
      }
      case Ast.EConst c -> {
        Const k = constant(c.name());
        if (k == null) return null;
        return coerce(new EConst(k, k.type(), c.pos()), expected, cx);
      }
      case Ast.EVar v -> {
        Var var = scope.get(v.var().name());
        if (var == null) {
          Term t = prog.terms.get(v.var().name());
          err(v.pos(), UNKNOWN_VARIABLE, "unknown variable `" + v.var().name() + "`"
              + (t != null ? "; to call term `" + t.name + "` write `(" + t.name + " ...)`" : ""));
          return null;
        }
        return coerce(new EVar(var, var.type(), v.pos()), expected, cx);
      }
      case Ast.ELet l -> {
        Map<String, Var> inner = new LinkedHashMap<>(scope);
        List<Var> vars = new ArrayList<>();
        List<Expr> vals = new ArrayList<>();
        boolean ok = true;
        for (Ast.LetDef d : l.defs()) {
          Type ty = type(d.type());
          if (ty == null) {
            ok = false;
            continue;
          }
          Expr val = expr(d.value(), ty, inner, cx);
          ok &= val != null;
          vals.add(val);
          vars.add(newVar(d.var().name(), ty, inner, cx));
        }
        Expr body = expr(l.body(), expected, inner, cx);
        if (!ok || body == null) return null;
        return new ELet(vars, vals, body, body.type(), l.pos());
      }
      case Ast.ETerm t -> {
        return termExpr(t, expected, scope, cx);
      }
    }
  }

  private Expr termExpr(Ast.ETerm et, Type expected, Map<String, Var> scope, RuleCx cx) {
    String name = et.term().name();
    Term t = prog.terms.get(name);
    if (t == null) {
      if (scope.containsKey(name)) {
        err(et.term().pos(), UNKNOWN_TERM, "`" + name + "` is a variable, not a term; remove the "
            + "parentheses around it");
      } else {
        err(et.term().pos(), UNKNOWN_TERM, "unknown term `" + name + "`");
      }
      return null;
    }
    if (et.args().size() != t.args.size()) {
      err(et.pos(), ARITY, "term `" + name + "` takes " + t.args.size() + " arguments but "
          + et.args().size() + " are given");
      return null;
    }
    if (t.variant == null && t.externConstructor == null && !ruleRoots.contains(t.name)) {
      err(et.term().pos(), BAD_EXPRESSION, "term `" + name + "` has no constructor, so it cannot "
          + "be used in an expression");
      return null;
    }
    checkCall(t, et.pos(), cx);
    List<Expr> args = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < t.args.size(); i++) {
      Expr a = expr(et.args().get(i), t.args.get(i), scope, cx);
      ok &= a != null;
      args.add(a);
    }
    if (!ok) return null;
    Expr call = t.variant != null ? new EVariant(t.variant, args, t.ret, et.pos())
        : new ECall(t, args, t.ret, et.pos());
    return coerce(call, expected, cx);
  }

  private void checkCall(Term t, Pos pos, RuleCx cx) {
    if (t.variant != null) return;
    if (cx.inIfLet && !t.pure) {
      err(pos, IMPURE, "term `" + t.name + "` is not pure, so it cannot be used in an if-let "
          + "(declare it `(decl pure " + t.name + " ...)` if it has no side effects)");
    }
    if (t.multi) {
      if (cx.inIfLet) {
        err(pos, MULTI, "multi term `" + t.name + "` cannot be used in an if-let");
      } else if (!cx.root.multi) {
        err(pos, MULTI, "multi term `" + t.name + "` can only be called from rules of multi "
            + "terms, and `" + cx.root.name + "` is not multi");
      }
    }
  }

  private Expr coerce(Expr e, Type expected, RuleCx cx) {
    if (expected == null || e.type() == expected) return e;
    Term conv = converters.get(List.of(e.type(), expected));
    if (conv == null) {
      err(e.pos(), TYPE_MISMATCH, "expression has type `" + e.type().name() + "` but `"
          + expected.name() + "` is expected (and there is no converter from `"
          + e.type().name() + "` to `" + expected.name() + "`)");
      return null;
    }
    if (conv.variant == null && conv.externConstructor == null && !ruleRoots.contains(conv.name)) {
      err(e.pos(), CONVERTER, "converter `" + conv.name + "` from `" + e.type().name() + "` to `"
          + expected.name() + "` has no constructor, so it cannot be used in an expression");
      return null;
    }
    checkCall(conv, e.pos(), cx);
    return conv.variant != null ? new EVariant(conv.variant, List.of(e), expected, e.pos())
        : new ECall(conv, List.of(e), expected, e.pos());
  }

  // ---- whole-program checks ----

  private void checkPurity() {
    for (Term t : prog.terms.values()) {
      if (!t.pure || t.variant != null) continue;
      for (Rule r : t.rules) {
        impureCalls(r.rhs(), t);
        for (IfLet il : r.ifLets()) impureCalls(il.expr(), t);
      }
    }
  }

  private void impureCalls(Expr e, Term pure) {
    switch (e) {
      case ECall c -> {
        if (!c.term().pure) {
          err(c.pos(), IMPURE, "pure term `" + pure.name + "` calls term `" + c.term().name
              + "`, which is not pure");
        }
        for (Expr a : c.args()) impureCalls(a, pure);
      }
      case EVariant v -> v.args().forEach(a -> impureCalls(a, pure));
      case ELet l -> {
        l.values().forEach(a -> impureCalls(a, pure));
        impureCalls(l.body(), pure);
      }
      default -> { }
    }
  }

  private static void calls(Expr e, Set<Term> out) {
    switch (e) {
      case ECall c -> {
        out.add(c.term());
        for (Expr a : c.args()) calls(a, out);
      }
      case EVariant v -> v.args().forEach(a -> calls(a, out));
      case ELet l -> {
        l.values().forEach(a -> calls(a, out));
        calls(l.body(), out);
      }
      default -> { }
    }
  }

  /** Tarjan's strongly connected components over "a rule of A calls constructor B". */
  private void checkRecursion() {
    List<Term> nodes = new ArrayList<>();
    Map<Term, List<Term>> succ = new HashMap<>();
    for (Term t : prog.terms.values()) {
      if (t.rules.isEmpty()) continue;
      nodes.add(t);
      Set<Term> out = new java.util.LinkedHashSet<>();
      for (Rule r : t.rules) {
        calls(r.rhs(), out);
        for (IfLet il : r.ifLets()) calls(il.expr(), out);
      }
      out.removeIf(x -> x.rules.isEmpty());
      succ.put(t, new ArrayList<>(out));
    }
    Map<Term, Integer> index = new HashMap<>();
    Map<Term, Integer> low = new HashMap<>();
    Deque<Term> stack = new ArrayDeque<>();
    Set<Term> onStack = new HashSet<>();
    int[] counter = {0};
    for (Term t : nodes) {
      if (!index.containsKey(t)) strongConnect(t, succ, index, low, stack, onStack, counter);
    }
  }

  private void strongConnect(Term root, Map<Term, List<Term>> succ, Map<Term, Integer> index,
      Map<Term, Integer> low, Deque<Term> stack, Set<Term> onStack, int[] counter) {
    // Iterative, so that long call chains cannot overflow the stack.
    Deque<Object[]> work = new ArrayDeque<>();
    work.push(new Object[] {root, 0});
    index.put(root, counter[0]);
    low.put(root, counter[0]++);
    stack.push(root);
    onStack.add(root);
    while (!work.isEmpty()) {
      Object[] frame = work.peek();
      Term v = (Term) frame[0];
      int i = (Integer) frame[1];
      List<Term> out = succ.getOrDefault(v, List.of());
      if (i < out.size()) {
        frame[1] = i + 1;
        Term w = out.get(i);
        if (!index.containsKey(w)) {
          index.put(w, counter[0]);
          low.put(w, counter[0]++);
          stack.push(w);
          onStack.add(w);
          work.push(new Object[] {w, 0});
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
        continue;
      }
      work.pop();
      if (!work.isEmpty()) {
        Term parent = (Term) work.peek()[0];
        low.put(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v).equals(index.get(v))) {
        List<Term> scc = new ArrayList<>();
        Term w;
        do {
          w = stack.pop();
          onStack.remove(w);
          scc.add(w);
        } while (w != v);
        boolean cyclic = scc.size() > 1 || succ.getOrDefault(v, List.of()).contains(v);
        if (!cyclic) continue;
        java.util.Collections.reverse(scc);
        StringBuilder cycle = new StringBuilder();
        for (Term x : scc) cycle.append(x.name).append(" -> ");
        cycle.append(scc.get(0).name);
        for (Term x : scc) {
          if (!x.rec) {
            err(x.pos, RECURSION, "term `" + x.name + "` is recursive (" + cycle
                + ") but is not declared `rec`");
          }
        }
      }
    }
  }
}
