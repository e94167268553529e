package dev.davit.isle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked ISLE program: every name resolved, every pattern and expression typed, internal
 * extractors (macros) expanded and implicit conversions made explicit. This is the input of the
 * code generator and of {@link Lowering}.
 */
public final class Program {
  /** Types by name, in declaration order (built-ins first). */
  public final Map<String, Type> types = new LinkedHashMap<>();
  /** Terms by name (enum variants as {@code Type.Variant}), in declaration order. */
  public final Map<String, Term> terms = new LinkedHashMap<>();
  /** Extern constants by name without the {@code $}. */
  public final Map<String, Const> consts = new LinkedHashMap<>();
  /** All rules, in source order. */
  public final List<Rule> rules = new ArrayList<>();
  /** Kept verification forms. */
  public final List<Ast.Verify> verification = new ArrayList<>();

  // ---- types ----

  public sealed interface Type {
    String name();
  }

  /** {@code bool}. */
  public record BoolType(String name) implements Type {}

  /** The built-in integer types: {@code u8}..{@code u64}, {@code i8}..{@code i64}, sizes. */
  public record IntType(String name, int bits, boolean signed) implements Type {
    public BigInteger min() {
      return signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    }

    public BigInteger max() {
      return signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
          : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }
  }

  /** {@code (type Name (primitive Host))}: a type of the embedding, named {@code host} there. */
  public record PrimType(String name, String host, Pos pos) implements Type {}

  /**
   * An enum, or a struct (one variant named as the type, {@code struct} set). Variants are
   * filled in after construction because their fields may refer to types declared later.
   */
  public record EnumType(String name, boolean isExtern, boolean nodebug, boolean struct,
      List<Variant> variants, Pos pos) implements Type {
    /** True when no variant has fields: such enums map to Java enums. */
    public boolean fieldless() {
      for (Variant v : variants) if (!v.fields().isEmpty()) return false;
      return !struct;
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public record Variant(EnumType owner, String name, List<Field> fields, int index, Pos pos) {
    public String fullName() {
      return owner.struct() ? owner.name() : owner.name() + "." + name;
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    @Override
    public String toString() {
      return fullName();
    }
  }

  public record Field(String name, Type type) {}

  public record Const(String name, Type type, Pos pos) {}

  // ---- terms ----

  /** A term: an enum variant or a declared term with its constructor and extractor. */
  public static final class Term {
    public final String name;
    public final Pos pos;
    public final List<Type> args;
    public final Type ret;
    public final Variant variant;
    public boolean pure, multi, partial, rec;
    /** Name of the Context method of an extern constructor, or null. */
    public String externConstructor;
    public Pos externConstructorPos;
    /** Name of the Context method of an extern extractor, or null. */
    public String externExtractor;
    public boolean infallible;
    /** The internal extractor (macro), or null. */
    public Ast.Extractor macro;
    /** Rules whose root is this term. */
    public final List<Rule> rules = new ArrayList<>();

    public Term(String name, Pos pos, List<Type> args, Type ret, Variant variant) {
      this.name = name;
      this.pos = pos;
      this.args = args;
      this.ret = ret;
      this.variant = variant;
    }

    public boolean hasConstructor() {
      return variant != null || externConstructor != null || !rules.isEmpty();
    }

    public boolean hasExtractor() {
      return variant != null || externExtractor != null || macro != null;
    }

    /** A constructor call that may yield no value. */
    public boolean fallibleConstructor() {
      return partial && variant == null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  // ---- rules ----

  /** A variable of a rule (pattern binding or let), unique within its rule. */
  public record Var(String name, Type type, int id) {}

  public record Rule(Term root, String name, long prio, Pos pos, List<Pat> args,
      List<IfLet> ifLets, Expr rhs, int index) {
    public String describe() {
      return (name == null ? "rule" : "rule " + name) + " at " + pos.file() + ":" + pos.line();
    }
  }

  public record IfLet(Pat pattern, Expr expr, Pos pos) {}

  /** Typed patterns. */
  public sealed interface Pat {
    Pos pos();
  }

  public record PWild(Pos pos) implements Pat {}

  /** First occurrence of a variable: binds it, then matches {@code sub}. */
  public record PBind(Var var, Pat sub, Pos pos) implements Pat {}

  /** Later occurrence of a variable: the value must equal the bound one. */
  public record PUse(Var var, Pos pos) implements Pat {}

  public record PInt(BigInteger value, Type type, Pos pos) implements Pat {}

  public record PBool(boolean value, Pos pos) implements Pat {}

  public record PConst(Const constant, Pos pos) implements Pat {}

  public record PAnd(List<Pat> subs, Pos pos) implements Pat {}

  public record PVariant(Variant variant, List<Pat> fields, Pos pos) implements Pat {}

  /** A call of an extern extractor; {@code outs} match its results (the term's arguments). */
  public record PExtract(Term term, List<Pat> outs, Pos pos) implements Pat {}

  /** Typed expressions. */
  public sealed interface Expr {
    Type type();

    Pos pos();
  }

  public record EInt(BigInteger value, Type type, Pos pos) implements Expr {}

  public record EBool(boolean value, Type type, Pos pos) implements Expr {}

  public record EConst(Const constant, Type type, Pos pos) implements Expr {}

  public record EVar(Var var, Type type, Pos pos) implements Expr {}

  public record ELet(List<Var> vars, List<Expr> values, Expr body, Type type, Pos pos)
      implements Expr {}

  /** A constructor call: an internal or extern constructor. */
  public record ECall(Term term, List<Expr> args, Type type, Pos pos) implements Expr {}

  /** Building an enum variant (or struct). */
  public record EVariant(Variant variant, List<Expr> args, Type type, Pos pos) implements Expr {}
}
