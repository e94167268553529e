package dev.davit.islec;

import dev.davit.isle.Diagnostic;
import dev.davit.isle.Diagnostics;
import dev.davit.isle.IsleFrontend;
import dev.davit.isle.Lowering;
import dev.davit.isle.Lowering.*;
import dev.davit.isle.Pos;
import dev.davit.isle.Program;
import dev.davit.isle.Program.*;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one Java source for a checked ISLE unit: the types, the {@code Context} interface of
 * extern terms, and one static method per term with rules, whose body is the decision trie of
 * its rules.
 *
 * <p>Type mapping: {@code bool} is {@code boolean}; {@code u8}..{@code u32} and {@code i8}..
 * {@code i32} are {@code int}, {@code u64}/{@code i64}/{@code usize}/{@code isize} are
 * {@code long} (values keep their bits: a {@code u32} above 2^31 is a negative {@code int});
 * 128-bit types are rejected. User primitives map to the Java type given in the options, or to
 * their host name. Enums whose variants have no fields are Java enums; other enums are sealed
 * interfaces with one record per variant; structs are records. {@code extern} enums are not
 * generated but referenced by name (see {@code --import}), and must have that same shape: a Java
 * enum with the variants as constants, or a sealed interface whose variants are nested records
 * with the fields as components.
 *
 * <p>{@code Context} methods, for a term {@code (decl T (A B) R)}: an extern constructor is
 * {@code R f(A, B)} (boxed and nullable if {@code partial}; {@code void f(A, B, List out)} if
 * {@code multi}); an extern extractor is {@code X f(R input)} where X is the single output
 * ({@code A}), a generated record {@code Out_T(A a0, B a1)} for several outputs, or
 * {@code boolean} for none; when fallible, X is boxed and {@code null} means "no match"; a multi
 * extractor adds every match to a list argument. Lists of {@code int}, {@code long} and
 * {@code boolean} results are generated {@code IntList}/{@code LongList}/{@code BooleanList},
 * which do not box. Fallible results of primitive type are boxed: the one place where the
 * generated code boxes, kept because a nullable value is the plainest protocol for a context.
 * An extern constant {@code $K} of type {@code R} is {@code R const_K()}.
 */
public final class JavaGenerator {
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break",
      "byte", "case", "catch", "char", "class", "const", "continue", "default", "do", "double",
      "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if", "implements",
      "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
      "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
      "true", "false", "null", "var", "yield", "record", "sealed", "permits", "non-sealed", "_",
      "hashCode", "toString", "getClass", "equals", "notify", "notifyAll", "wait", "clone",
      "finalize", "ctx", "out");
  private static final Set<String> JAVA_PRIMITIVES = Set.of("boolean", "byte", "short", "char",
      "int", "long", "float", "double");

  private final Program prog;
  private final Map<Term, TermRules> lowered;
  private final GeneratorOptions opts;
  private final Diagnostics diags;
  private StringBuilder sb = new StringBuilder();
  private int indent;
  private final Set<String> listClasses = new LinkedHashSet<>();
  private final Set<String> reportedTypes = new HashSet<>();
  private boolean usesNoValue;
  /** The definition being generated, where unsupported types are reported. */
  private Pos where = new Pos("<generator>", 1, 1);
  /** Code size (in {@code markSplits} units) above which a subtree moves to its own method. */
  static int methodBudget = 600;

  private JavaGenerator(IsleFrontend.Result r, GeneratorOptions opts, Diagnostics diags) {
    this.prog = r.program();
    this.lowered = r.lowered();
    this.opts = opts;
    this.diags = diags;
  }

  /** Generates the source; errors (unsupported types, literals) go to {@code diags}. */
  public static String generate(IsleFrontend.Result r, GeneratorOptions opts,
      List<String> sourceNames, Diagnostics diags) {
    return new JavaGenerator(r, opts, diags).unit(sourceNames);
  }

  // ---- names and types ----

  static String sanitize(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append((c < 128 && Character.isLetterOrDigit(c)) || c == '_' ? c : '_');
    }
    if (b.isEmpty() || Character.isDigit(b.charAt(0))) b.insert(0, '_');
    String r = b.toString();
    return KEYWORDS.contains(r) ? r + "_" : r;
  }

  private String jt(Type t) {
    return switch (t) {
      case BoolType b -> "boolean";
      case IntType i -> {
        if (i.bits() > 64) {
          if (reportedTypes.add(i.name() + " " + where)) {
            diags.error(where, Diagnostic.Kind.UNSUPPORTED,
                "type `" + i.name() + "` has no Java equivalent (128-bit integers are not "
                    + "supported)");
          }
          yield "long";
        }
        yield i.bits() <= 32 ? "int" : "long";
      }
      case PrimType p -> {
        String m = opts.primitives().get(p.name());
        if (m == null) m = opts.opaquePrimitive();
        yield m != null ? m : p.host();
      }
      case EnumType e -> sanitize(e.name());
    };
  }

  private static boolean isPrim(String jt) {
    return JAVA_PRIMITIVES.contains(jt);
  }

  private static String boxed(String jt) {
    return switch (jt) {
      case "int" -> "Integer";
      case "char" -> "Character";
      case "boolean", "byte", "short", "long", "float", "double" ->
          Character.toUpperCase(jt.charAt(0)) + jt.substring(1);
      default -> jt;
    };
  }

  private String lit(BigInteger v, Type type, Pos pos) {
    String j = jt(type);
    return switch (j) {
      case "int" -> Integer.toString(v.intValue());
      case "long" -> v.longValue() + "L";
      case "short", "byte", "char" -> "(" + j + ") " + v.intValue();
      case "float", "double" -> "(" + j + ") " + v.longValue() + "L";
      default -> {
        diags.error(pos, Diagnostic.Kind.UNSUPPORTED, "integer literal of type `" + type.name()
            + "`, which maps to Java type `" + j + "`, not to a Java number type");
        yield "null";
      }
    };
  }

  /** Java list type holding the results of a multi term, without boxing primitives. */
  private String listType(String elem) {
    String cls = switch (elem) {
      case "int" -> "IntList";
      case "long" -> "LongList";
      case "boolean" -> "BooleanList";
      default -> null;
    };
    if (cls != null) {
      listClasses.add(elem);
      return cls;
    }
    return "java.util.List<" + boxed(elem) + ">";
  }

  private String newList(String elem) {
    String l = listType(elem);
    return l.startsWith("java.util.List") ? "new java.util.ArrayList<>()" : "new " + l + "()";
  }

  private String outRecord(Term t) {
    return "Out_" + sanitize(t.name);
  }

  /** Java type of what an extern extractor returns for one match. */
  private String extractElem(Term t) {
    if (t.args.size() == 1) return jt(t.args.get(0));
    return outRecord(t);
  }

  /** Java type of the raw result of an (non-multi) extern extractor call. */
  private String extractRaw(Term t) {
    int n = t.args.size();
    if (n == 0) return t.infallible ? "void" : "boolean";
    if (n == 1) return t.infallible ? jt(t.args.get(0)) : boxed(jt(t.args.get(0)));
    return outRecord(t);
  }

  private String ctorRet(Term t) {
    String r = jt(t.ret);
    return t.partial ? boxed(r) : r;
  }

  private String variantRef(Variant v) {
    String owner = sanitize(v.owner().name());
    return v.owner().struct() ? owner : owner + "." + variantName(v);
  }

  /** Java forbids a member type named like its enclosing type, hence the suffix. */
  private static String variantName(Variant v) {
    String n = sanitize(v.name());
    return n.equals(sanitize(v.owner().name())) ? n + "_" : n;
  }

  /** A type as written inside a generated type, where variant names could shadow it. */
  private String qualified(Type t) {
    String j = jt(t);
    if (t instanceof EnumType e && (!e.isExtern() || opts.emitExternTypes())) {
      return opts.className() + "." + j;
    }
    return j;
  }

  private static String where(Pos p) {
    String f = p.file();
    int slash = Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\'));
    return f.substring(slash + 1) + ":" + p.line();
  }

  // ---- output ----

  private void line(String s) {
    if (!s.isEmpty()) sb.append("  ".repeat(indent));
    sb.append(s).append('\n');
  }

  private String unit(List<String> sourceNames) {
    StringBuilder names = new StringBuilder();
    for (String s : sourceNames) {
      if (!names.isEmpty()) names.append(", ");
      names.append(where(new Pos(s, 0, 0)).replace(":0", ""));
    }
    line("// Generated by islec from " + names + ". Do not edit: change the .isle files.");
    if (!opts.packageName().isEmpty()) {
      line("package " + opts.packageName() + ";");
      line("");
    }
    for (String imp : opts.imports()) line("import " + imp + ";");
    if (!opts.imports().isEmpty()) line("");
    line("/** Instruction-selection rules compiled from ISLE; entry points are the static methods. */");
    line("@SuppressWarnings({\"unused\", \"all\"})");
    line("public final class " + opts.className() + " {");
    indent++;
    line("private " + opts.className() + "() {}");
    types();
    outRecords();
    context();
    for (TermRules tr : lowered.values()) new TermGen(tr).generate();
    lists();
    if (usesNoValue) {
      line("");
      line("/** Returned by split-off parts of a term when a matched rule has no value. */");
      line("private static final Object NO_VALUE = new Object();");
    }
    indent--;
    line("}");
    return sb.toString();
  }

  private void types() {
    for (Type t : prog.types.values()) {
      if (!(t instanceof EnumType e) || (e.isExtern() && !opts.emitExternTypes())) continue;
      where = e.pos();
      line("");
      line("/** ISLE type {@code " + e.name() + "} (" + where(e.pos()) + "). */");
      String name = sanitize(e.name());
      if (e.struct()) {
        line("public record " + name + "(" + fields(e.variants().get(0)) + ") {}");
      } else if (e.fieldless()) {
        StringBuilder b = new StringBuilder();
        for (Variant v : e.variants()) {
          if (!b.isEmpty()) b.append(", ");
          b.append(variantName(v));
        }
        line("public enum " + name + " { " + b + " }");
      } else {
        line("public sealed interface " + name + " {");
        indent++;
        for (Variant v : e.variants()) {
          line("record " + variantName(v) + "(" + fields(v) + ") implements " + name + " {}");
        }
        indent--;
        line("}");
      }
    }
  }

  private String fields(Variant v) {
    StringBuilder b = new StringBuilder();
    for (Field f : v.fields()) {
      if (!b.isEmpty()) b.append(", ");
      b.append(qualified(f.type())).append(' ').append(sanitize(f.name()));
    }
    return b.toString();
  }

  private void outRecords() {
    for (Term t : prog.terms.values()) {
      if (t.externExtractor == null || t.args.size() < 2) continue;
      where = t.pos;
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < t.args.size(); i++) {
        if (i > 0) b.append(", ");
        b.append(jt(t.args.get(i))).append(" a").append(i);
      }
      line("");
      line("/** One match of extern extractor {@code " + t.name + "}. */");
      line("public record " + outRecord(t) + "(" + b + ") {}");
    }
  }

  private void context() {
    line("");
    line("/** What the embedding provides: extern constructors, extractors and constants. */");
    line("public interface Context {");
    indent++;
    Set<String> seen = new HashSet<>();
    for (Term t : prog.terms.values()) {
      where = t.pos;
      if (t.externConstructor != null) {
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < t.args.size(); i++) {
          if (i > 0) params.append(", ");
          params.append(jt(t.args.get(i))).append(" arg").append(i);
        }
        String sig;
        if (t.multi) {
          if (!params.isEmpty()) params.append(", ");
          params.append(listType(jt(t.ret))).append(" out");
          sig = "void " + sanitize(t.externConstructor) + "(" + params + ")";
        } else {
          sig = ctorRet(t) + " " + sanitize(t.externConstructor) + "(" + params + ")";
        }
        if (seen.add(sig)) {
          line("/** Constructor of {@code " + t.name + "} (" + where(t.pos) + ")"
              + (t.partial ? "; null when it has no value" : "")
              + (t.multi ? "; adds every value to {@code out}" : "") + ". */");
          line(sig + ";");
        }
      }
      if (t.externExtractor != null) {
        String in = jt(t.ret) + " input";
        String sig;
        String doc;
        if (t.multi) {
          sig = "void " + sanitize(t.externExtractor) + "(" + in + ", "
              + listType(extractElem(t)) + " out)";
          doc = "adds every match to {@code out}";
        } else {
          sig = extractRaw(t) + " " + sanitize(t.externExtractor) + "(" + in + ")";
          doc = t.infallible ? "always matches" : t.args.isEmpty()
              ? "true when it matches" : "null when it does not match";
        }
        if (seen.add(sig)) {
          line("/** Extractor of {@code " + t.name + "} (" + where(t.pos) + "): " + doc + ". */");
          line(sig + ";");
        }
      }
    }
    for (Const c : prog.consts.values()) {
      where = c.pos();
      line("/** Constant {@code $" + c.name() + "} (" + where(c.pos()) + "). */");
      line(jt(c.type()) + " const_" + sanitize(c.name()) + "();");
    }
    indent--;
    line("}");
  }

  private void lists() {
    for (String elem : List.copyOf(listClasses)) {
      String cls = listType(elem);
      line("");
      line("/** Growable list of {@code " + elem + "} results of multi terms, without boxing. */");
      line("public static final class " + cls + " {");
      indent++;
      line("private " + elem + "[] items = new " + elem + "[8];");
      line("private int size;");
      line("");
      line("public void add(" + elem + " v) {");
      line("  if (size == items.length) items = java.util.Arrays.copyOf(items, size * 2);");
      line("  items[size++] = v;");
      line("}");
      line("");
      line("public int size() {");
      line("  return size;");
      line("}");
      line("");
      line("public " + elem + " get(int i) {");
      line("  java.util.Objects.checkIndex(i, size);");
      line("  return items[i];");
      line("}");
      line("");
      line("public void clear() {");
      line("  size = 0;");
      line("}");
      indent--;
      line("}");
    }
  }

  // ---- one term ----

  /** A node of the decision trie: a step and what to try when it succeeds, in order. */
  private static final class Node {
    final Step step;
    final List<Object> children = new ArrayList<>();

    Node(Step step) {
      this.step = step;
    }
  }

  private final class TermGen {
    final TermRules tr;
    final Term term;
    final boolean multi;
    int temps;
    int ruleBlocks;

    TermGen(TermRules tr) {
      this.tr = tr;
      this.term = tr.term;
      this.multi = term.multi;
    }

    void generate() {
      where = term.pos;
      Map<Step, Integer> stepIds = new HashMap<>();
      Map<LoweredRule, int[]> keys = new HashMap<>();
      for (LoweredRule r : tr.rules) {
        int[] k = new int[r.steps().size()];
        for (int i = 0; i < k.length; i++) {
          k[i] = stepIds.computeIfAbsent(r.steps().get(i), s -> stepIds.size());
        }
        keys.put(r, k);
      }
      // Higher priority first. Within a priority the order is free (overlaps there are
      // errors), so rules are grouped by their steps to share tests, more specific first.
      List<LoweredRule> rules = new ArrayList<>(tr.rules);
      rules.sort((a, b) -> {
        int c = Long.compare(b.rule().prio(), a.rule().prio());
        if (c != 0) return c;
        int[] ka = keys.get(a), kb = keys.get(b);
        for (int i = 0; i < Math.min(ka.length, kb.length); i++) {
          if (ka[i] != kb[i]) return Integer.compare(ka[i], kb[i]);
        }
        if (ka.length != kb.length) return Integer.compare(kb.length, ka.length);
        return Integer.compare(a.rule().index(), b.rule().index());
      });
      Node root = new Node(null);
      for (LoweredRule r : rules) {
        Node n = root;
        for (Step s : r.steps()) {
          Node shared = shareable(n, s);
          if (shared != null) {
            n = shared;
          } else {
            Node child = new Node(s);
            n.children.add(child);
            n = child;
          }
        }
        n.children.add(r);
      }

      markSplits(root);

      StringBuilder params = new StringBuilder("Context ctx");
      Set<Integer> scope = new HashSet<>();
      for (int i = 0; i < term.args.size(); i++) {
        params.append(", ").append(jt(term.args.get(i))).append(" arg").append(i);
        scope.add(tr.intern(new Arg(i, term.args.get(i))));
      }
      String ret;
      if (multi) {
        params.append(", ").append(listType(jt(term.ret))).append(" out");
        ret = "void";
      } else {
        ret = ctorRet(term);
      }
      line("");
      line("/**");
      line(" * Term {@code " + term.name + "} (" + where(term.pos) + "): " + term.rules.size()
          + (term.rules.size() == 1 ? " rule" : " rules")
          + (multi ? "; adds the results of every matching rule to {@code out}"
              : term.partial ? "; null when no rule matches" : "") + ".");
      line(" */");
      line("public static " + ret + " " + sanitize(term.name) + "(" + params + ") {");
      indent++;
      boolean exits = children(root, scope);
      if (!exits && !multi) {
        if (term.partial) line("return null;");
        else line("throw new IllegalStateException(\"no rule of term `" + term.name
            + "` matched\");");
      }
      indent--;
      line("}");
      for (StringBuilder h : helpers) sb.append(h);
    }

    // ---- splitting large tries: the JVM limits a method to 64 KB of bytecode ----

    final Set<Node> split = new HashSet<>();
    final List<StringBuilder> helpers = new ArrayList<>();
    int helperCount;
    boolean inHelper;

    int exprSize(Expr e) {
      return switch (e) {
        case ECall c -> 3 + c.args().stream().mapToInt(this::exprSize).sum();
        case EVariant v -> 2 + v.args().stream().mapToInt(this::exprSize).sum();
        case ELet l -> l.values().stream().mapToInt(this::exprSize).sum() + exprSize(l.body());
        default -> 1;
      };
    }

    /**
     * Bottom-up: moves the heaviest subtrees to methods of their own until each method fits.
     * Returns the size of {@code n}'s code, counted in units of a few bytecode instructions.
     */
    int markSplits(Node n) {
      int total = 3;
      List<Node> nodes = new ArrayList<>();
      Map<Node, Integer> weights = new HashMap<>();
      for (Object c : n.children) {
        int w;
        if (c instanceof Node cn) {
          w = markSplits(cn);
          nodes.add(cn);
          weights.put(cn, w);
        } else {
          w = 4 + exprSize(((LoweredRule) c).rule().rhs());
        }
        total += w;
      }
      if (total > methodBudget) {
        nodes.sort((a, b) -> Integer.compare(weights.get(b), weights.get(a)));
        for (Node c : nodes) {
          if (total <= methodBudget || weights.get(c) <= 8) break;
          split.add(c);
          total -= weights.get(c) - 4;
        }
      }
      return total;
    }

    /**
     * Emits a call of a helper method holding {@code n} (with its test, or only its children
     * when a switch case has done the test). A non-multi helper returns the result, null when
     * no rule matched (the caller goes on), or {@code NO_VALUE} when a rule matched but a
     * partial constructor of its right-hand side had no value (the term fails).
     */
    void callHelper(Node n, Set<Integer> scope, boolean childrenOnly) {
      String hname = sanitize(term.name) + "_part" + (helperCount++);
      List<Integer> passed = new ArrayList<>(scope);
      passed.sort(null);
      StringBuilder params = new StringBuilder("Context ctx");
      StringBuilder args = new StringBuilder("ctx");
      for (int id : passed) {
        if (tr.get(id) instanceof Unwrap u && !isPrim(jt(u.type()))) continue;
        params.append(", ").append(javaType(id)).append(' ').append(name(id));
        args.append(", ").append(name(id));
      }
      if (multi) {
        params.append(", ").append(listType(jt(term.ret))).append(" out");
        args.append(", out");
        line(hname + "(" + args + ");");
      } else {
        usesNoValue = true;
        line("{");
        line("  Object r = " + hname + "(" + args + ");");
        line("  if (r != null) return r == NO_VALUE ? null : (" + ctorRet(term) + ") r;");
        line("}");
      }
      StringBuilder saved = sb;
      int savedIndent = indent;
      boolean savedIn = inHelper;
      sb = new StringBuilder();
      indent = 1;
      inHelper = true;
      line("");
      line("/** Part of the rules of term {@code " + term.name + "}, split off for size. */");
      line("private static " + (multi ? "void" : "Object") + " " + hname + "(" + params + ") {");
      indent++;
      Set<Integer> inner = new HashSet<>(scope);
      boolean exits;
      if (childrenOnly) {
        exits = children(n, inner);
      } else {
        node(n, inner, true);
        exits = false;
      }
      if (!exits && !multi) line("return null;");
      indent--;
      line("}");
      helpers.add(sb);
      sb = saved;
      indent = savedIndent;
      inHelper = savedIn;
    }

    /**
     * The child of {@code n} that a rule whose next step is {@code s} can join. It is the last
     * child, or an earlier one with step {@code s} when every later child starts with a test
     * that excludes {@code s} (another variant or value of the same binding): those children and
     * this rule cannot both match, so trying the rule before them changes nothing.
     */
    Node shareable(Node n, Step s) {
      for (int i = n.children.size() - 1; i >= 0; i--) {
        if (!(n.children.get(i) instanceof Node c)) return null;
        if (c.step.equals(s)) return c;
        if (!exclusive(c.step, s)) return null;
      }
      return null;
    }

    static boolean exclusive(Step a, Step b) {
      if (a instanceof IsVariant x && b instanceof IsVariant y) {
        return x.binding() == y.binding() && x.variant() != y.variant();
      }
      if (a instanceof EqInt x && b instanceof EqInt y) {
        return x.binding() == y.binding() && !x.value().equals(y.value());
      }
      if (a instanceof EqBool x && b instanceof EqBool y) {
        return x.binding() == y.binding() && x.value() != y.value();
      }
      return false;
    }

    String name(int id) {
      if (tr.get(id) instanceof Unwrap u && !isPrim(jt(u.type()))) return name(u.src());
      return tr.get(id) instanceof Arg a ? "arg" + a.index() : "b" + id;
    }

    /** Emits the children of a node; true when control cannot fall out of them. */
    boolean children(Node n, Set<Integer> scope) {
      List<Object> cs = n.children;
      for (int i = 0; i < cs.size(); i++) {
        Object c = cs.get(i);
        if (c instanceof LoweredRule r) {
          leaf(r, new HashSet<>(scope));
          if (!multi) return true;
          continue;
        }
        // A run of tests of one binding against different variants becomes one switch:
        // O(1) dispatch instead of a chain of comparisons.
        int j = i + 1;
        if (((Node) c).step instanceof IsVariant first) {
          Set<Variant> seen = new HashSet<>();
          seen.add(first.variant());
          while (j < cs.size() && cs.get(j) instanceof Node d && d.step instanceof IsVariant iv
              && iv.binding() == first.binding() && seen.add(iv.variant())) {
            j++;
          }
        }
        if (j - i >= 2) {
          switchNode(cs.subList(i, j), scope);
          i = j - 1;
        } else {
          node((Node) c, scope);
        }
      }
      return false;
    }

    void switchNode(List<Object> nodes, Set<Integer> scope) {
      IsVariant first = (IsVariant) ((Node) nodes.get(0)).step;
      ensure(first.binding(), scope);
      line("switch (" + name(first.binding()) + ") {");
      indent++;
      for (Object o : nodes) {
        Node n = (Node) o;
        Variant v = ((IsVariant) n.step).variant();
        Set<Integer> inner = new HashSet<>(scope);
        if (v.owner().fieldless()) {
          line("case " + variantName(v) + " -> {");
        } else if (v.fields().isEmpty()) {
          line("case " + variantRef(v) + " _ -> {");
        } else {
          int cast = tr.intern(new VariantCast(first.binding(), v));
          inner.add(cast);
          line("case " + variantRef(v) + " " + name(cast) + " -> {");
        }
        indent++;
        if (split.contains(n)) callHelper(n, inner, true);
        else children(n, inner);
        indent--;
        line("}");
      }
      line("case null, default -> {}");
      indent--;
      line("}");
    }

    void node(Node n, Set<Integer> scope) {
      node(n, scope, false);
    }

    void node(Node n, Set<Integer> scope, boolean inline) {
      if (!inline && split.contains(n)) {
        callHelper(n, scope, false);
        return;
      }
      List<Integer> introduced = new ArrayList<>(1);
      String open;
      switch (n.step) {
        case IsVariant iv -> {
          ensure(iv.binding(), scope);
          Variant v = iv.variant();
          String b = name(iv.binding());
          if (v.owner().fieldless()) {
            open = "if (" + b + " == " + variantRef(v) + ") {";
          } else if (v.fields().isEmpty()) {
            open = "if (" + b + " instanceof " + variantRef(v) + ") {";
          } else {
            int cast = tr.intern(new VariantCast(iv.binding(), v));
            introduced.add(cast);
            open = "if (" + b + " instanceof " + variantRef(v) + " " + name(cast) + ") {";
          }
        }
        case EqInt ei -> {
          ensure(ei.binding(), scope);
          open = "if (" + name(ei.binding()) + " == "
              + lit(ei.value(), type(ei.binding()), term.pos) + ") {";
        }
        case EqBool eb -> {
          ensure(eb.binding(), scope);
          open = "if (" + (eb.value() ? "" : "!") + name(eb.binding()) + ") {";
        }
        case EqConst ec -> {
          ensure(ec.binding(), scope);
          open = "if (" + equal(name(ec.binding()), "ctx.const_" + sanitize(ec.constant().name())
              + "()", jt(ec.constant().type())) + ") {";
        }
        case IsSome s -> {
          ensure(s.binding(), scope);
          boolean flag = tr.get(s.binding()) instanceof Extract e && e.term().args.isEmpty();
          open = "if (" + name(s.binding()) + (flag ? "" : " != null") + ") {";
        }
        case Same s -> {
          ensure(s.a(), scope);
          ensure(s.b(), scope);
          open = "if (" + equal(name(s.a()), name(s.b()), javaType(s.a())) + ") {";
        }
        case ForEach fe -> {
          ensure(fe.list(), scope);
          int elem = tr.intern(new Element(fe.list()));
          introduced.add(elem);
          String elemType = javaType(elem);
          String list = name(fe.list());
          if (isPrim(elemType) && !listType(elemType).startsWith("java.util")) {
            String i = "i" + fe.list();
            line("for (int " + i + " = 0; " + i + " < " + list + ".size(); " + i + "++) {");
            indent++;
            open = null;
            line(elemType + " " + name(elem) + " = " + list + ".get(" + i + ");");
          } else {
            open = "for (" + elemType + " " + name(elem) + " : " + list + ") {";
          }
        }
      }
      if (open != null) {
        line(open);
        indent++;
      }
      Set<Integer> inner = new HashSet<>(scope);
      inner.addAll(introduced);
      children(n, inner);
      indent--;
      line("}");
    }

    String equal(String a, String b, String javaType) {
      return isPrim(javaType) ? a + " == " + b : "java.util.Objects.equals(" + a + ", " + b + ")";
    }

    Type type(int id) {
      return switch (tr.get(id)) {
        case Arg a -> a.type();
        case FieldOf f -> f.variant().fields().get(f.field()).type();
        case Unwrap u -> u.type();
        case Output o -> o.type();
        case ConstInt c -> c.type();
        case Call c -> c.term().ret;
        case MakeVariant m -> m.variant().owner();
        case Element e -> tr.get(e.src()) instanceof MultiExtract me && me.term().args.size() == 1
            ? me.term().args.get(0) : null;
        case Extract e -> e.term().args.size() == 1 ? e.term().args.get(0) : null;
        default -> null;
      };
    }

    String javaType(int id) {
      return switch (tr.get(id)) {
        case Arg a -> jt(a.type());
        case VariantCast v -> variantRef(v.variant());
        case FieldOf f -> jt(f.variant().fields().get(f.field()).type());
        case Extract e -> extractRaw(e.term());
        case MultiExtract m -> listType(extractElem(m.term()));
        case Element e -> extractElem(((MultiExtract) tr.get(e.src())).term());
        case Unwrap u -> jt(u.type());
        case Output o -> jt(o.type());
        case Call c -> ctorRet(c.term());
        case MakeVariant m -> jt(m.variant().owner());
        case ConstInt c -> jt(c.type());
        case ConstBool c -> "boolean";
        case ConstPrim c -> jt(c.constant().type());
      };
    }

    /** Makes binding {@code id} available in the current block, computing it if needed. */
    void ensure(int id, Set<Integer> scope) {
      if (scope.contains(id)) return;
      for (int src : Lowering.sources(tr.get(id))) ensure(src, scope);
      String value = switch (tr.get(id)) {
        case Arg a -> throw new IllegalStateException("argument out of scope");
        case VariantCast v -> throw new IllegalStateException("variant cast out of scope");
        case Element e -> throw new IllegalStateException("loop element out of scope");
        case FieldOf f -> name(f.src()) + "." + sanitize(f.variant().fields().get(f.field()).name())
            + "()";
        case Extract e -> "ctx." + sanitize(e.term().externExtractor) + "(" + name(e.src()) + ")";
        case MultiExtract m -> {
          line(javaType(id) + " " + name(id) + " = " + newList(extractElem(m.term())) + ";");
          line("ctx." + sanitize(m.term().externExtractor) + "(" + name(m.src()) + ", " + name(id)
              + ");");
          yield null;
        }
        case Unwrap u -> isPrim(jt(u.type())) ? name(u.src()) : null;
        case Output o -> name(o.src()) + ".a" + o.index() + "()";
        case Call c -> {
          List<String> args = new ArrayList<>();
          for (int a : c.args()) args.add(name(a));
          yield call(c.term(), args);
        }
        case MakeVariant m -> {
          List<String> args = new ArrayList<>();
          for (int a : m.args()) args.add(name(a));
          yield makeVariant(m.variant(), args);
        }
        case ConstInt c -> lit(c.value(), c.type(), term.pos);
        case ConstBool c -> Boolean.toString(c.value());
        case ConstPrim c -> "ctx.const_" + sanitize(c.constant().name()) + "()";
      };
      if (value != null) line(javaType(id) + " " + name(id) + " = " + value + ";");
      scope.add(id);
    }

    String call(Term t, List<String> args) {
      String a = String.join(", ", args);
      if (t.externConstructor != null) return "ctx." + sanitize(t.externConstructor) + "(" + a + ")";
      return sanitize(t.name) + "(ctx" + (a.isEmpty() ? "" : ", " + a) + ")";
    }

    String makeVariant(Variant v, List<String> args) {
      if (v.owner().fieldless()) return variantRef(v);
      return "new " + variantRef(v) + "(" + String.join(", ", args) + ")";
    }

    // ---- right-hand sides ----

    LoweredRule rule;
    Set<Integer> leafScope;
    String failLabel;
    Map<Var, String> lets;

    void leaf(LoweredRule r, Set<Integer> scope) {
      rule = r;
      leafScope = scope;
      lets = new HashMap<>();
      Rule src = r.rule();
      line("// rule " + (src.name() == null ? "" : src.name() + " ") + "at " + where(src.pos())
          + (src.prio() != 0 ? ", priority " + src.prio() : ""));
      if (multi) {
        failLabel = "rule" + (ruleBlocks++);
        line(failLabel + ": {");
        indent++;
      }
      // All pattern values the right-hand side uses are computed before any of its calls, so
      // that extractors run in the match phase, before constructors' side effects, as in
      // Cranelift.
      Set<Var> used = new java.util.LinkedHashSet<>();
      varsOf(src.rhs(), used);
      for (Var v : used) {
        Integer id = r.vars().get(v);
        if (id != null) ensure(id, leafScope);
      }
      int depth = indent;
      String result = expr(src.rhs());
      if (multi) {
        line("out.add(" + result + ");");
        while (indent > depth) {
          indent--;
          line("}");
        }
        indent--;
        line("}");
      } else {
        line("return " + result + ";");
      }
    }

    void varsOf(Expr e, Set<Var> out) {
      switch (e) {
        case EVar v -> out.add(v.var());
        case ECall c -> c.args().forEach(a -> varsOf(a, out));
        case EVariant v -> v.args().forEach(a -> varsOf(a, out));
        case ELet l -> {
          l.values().forEach(a -> varsOf(a, out));
          varsOf(l.body(), out);
        }
        default -> { }
      }
    }

    String fail(Term callee) {
      if (multi) return "break " + failLabel + ";";
      if (term.partial) return inHelper ? "return NO_VALUE;" : "return null;";
      return "throw new IllegalStateException(\"partial term `" + callee.name
          + "` has no value in " + rule.rule().describe() + "\");";
    }

    String expr(Expr e) {
      return switch (e) {
        case EInt i -> lit(i.value(), i.type(), i.pos());
        case EBool b -> Boolean.toString(b.value());
        case EConst c -> "ctx.const_" + sanitize(c.constant().name()) + "()";
        case EVar v -> {
          String let = lets.get(v.var());
          if (let != null) yield let;
          int id = rule.vars().get(v.var());
          ensure(id, leafScope);
          yield name(id);
        }
        case ELet l -> {
          for (int i = 0; i < l.vars().size(); i++) {
            Var var = l.vars().get(i);
            String value = expr(l.values().get(i));
            String n = sanitize(var.name()) + "_" + var.id();
            line(jt(var.type()) + " " + n + " = " + value + ";");
            lets.put(var, n);
          }
          yield expr(l.body());
        }
        case EVariant v -> {
          List<String> args = new ArrayList<>();
          for (Expr a : v.args()) args.add(expr(a));
          yield makeVariant(v.variant(), args);
        }
        case ECall c -> {
          List<String> args = new ArrayList<>();
          for (Expr a : c.args()) args.add(expr(a));
          Term t = c.term();
          String tmp = "t" + (temps++);
          if (t.multi) {
            String elem = jt(t.ret);
            line(listType(elem) + " " + tmp + " = " + newList(elem) + ";");
            List<String> withOut = new ArrayList<>(args);
            withOut.add(tmp);
            line(call(t, withOut) + ";");
            String e2 = "e" + (temps++);
            if (isPrim(elem) && !listType(elem).startsWith("java.util")) {
              String i = "i" + (temps++);
              line("for (int " + i + " = 0; " + i + " < " + tmp + ".size(); " + i + "++) {");
              indent++;
              line(elem + " " + e2 + " = " + tmp + ".get(" + i + ");");
            } else {
              line("for (" + elem + " " + e2 + " : " + tmp + ") {");
              indent++;
            }
            yield e2;
          }
          line(ctorRet(t) + " " + tmp + " = " + call(t, args) + ";");
          if (t.partial) line("if (" + tmp + " == null) " + fail(t));
          yield tmp;
        }
      };
    }
  }
}
