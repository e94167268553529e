package dev.davit.isle;

import java.math.BigInteger;
import java.util.List;

/**
 * The syntax tree of ISLE source, one record per form, each with its source position. It is what
 * the parser saw, before any name resolution; {@link Sema} turns it into a {@link Program}.
 */
public final class Ast {
  private Ast() {}

  /** A name as written, with its position. Constants keep their leading {@code $}. */
  public record Ident(String name, Pos pos) {}

  /** A top-level form. */
  public sealed interface Def {
    Pos pos();
  }

  public record TypeDef(Ident name, boolean isExtern, boolean nodebug, TypeValue value, Pos pos)
      implements Def {}

  public sealed interface TypeValue {
    Pos pos();
  }

  public record PrimitiveType(Ident javaName, Pos pos) implements TypeValue {}

  public record EnumType(List<Variant> variants, Pos pos) implements TypeValue {}

  public record StructType(List<Field> fields, Pos pos) implements TypeValue {}

  public record Variant(Ident name, List<Field> fields, Pos pos) {}

  public record Field(Ident name, Ident type, Pos pos) {}

  public record Decl(Ident term, List<Ident> argTypes, Ident retType, boolean pure, boolean multi,
      boolean partial, boolean rec, Pos pos) implements Def {}

  /** {@code name} is null when the rule has none; {@code prio} is 0 when not written. */
  public record Rule(Ident name, long prio, boolean prioWritten, Pattern pattern, List<IfLet> ifLets,
      Expr expr, Pos pos) implements Def {}

  public record Extractor(Ident term, List<Ident> params, Pattern template, Pos pos)
      implements Def {}

  public record ExternConstructor(Ident term, Ident func, Pos pos) implements Def {}

  /** {@code polarity} is null when not written. */
  public record ExternExtractor(Ident term, Ident func, boolean infallible, List<Ident> polarity,
      Pos pos) implements Def {}

  public record ExternConst(Ident name, Ident type, Pos pos) implements Def {}

  public record Convert(Ident inner, Ident outer, Ident term, Pos pos) implements Def {}

  /** {@code spec}, {@code model}, {@code form}, {@code instantiate}: kept, no effect on code. */
  public record Verify(String keyword, List<SExpr> body, Pos pos) implements Def {}

  public sealed interface SExpr {
    Pos pos();
  }

  public record SList(List<SExpr> items, Pos pos) implements SExpr {}

  public record SAtom(String text, Pos pos) implements SExpr {}

  public sealed interface Pattern {
    Pos pos();
  }

  public record PInt(BigInteger value, Pos pos) implements Pattern {}

  public record PBool(boolean value, Pos pos) implements Pattern {}

  public record PConst(Ident name, Pos pos) implements Pattern {}

  public record PWildcard(Pos pos) implements Pattern {}

  public record PVar(Ident var, Pos pos) implements Pattern {}

  public record PBind(Ident var, Pattern sub, Pos pos) implements Pattern {}

  public record PAnd(List<Pattern> subs, Pos pos) implements Pattern {}

  public record PTerm(Ident term, List<Pattern> args, Pos pos) implements Pattern {}

  /** {@code <expr}: an in-argument of an extractor (the old polarity feature). */
  public record PInArg(Expr expr, Pos pos) implements Pattern {}

  /** {@code (if-let PAT EXPR)}; {@code (if EXPR)} has a wildcard pattern. */
  public record IfLet(Pattern pattern, Expr expr, Pos pos) {}

  public sealed interface Expr {
    Pos pos();
  }

  public record EInt(BigInteger value, Pos pos) implements Expr {}

  public record EBool(boolean value, Pos pos) implements Expr {}

  public record EConst(Ident name, Pos pos) implements Expr {}

  public record EVar(Ident var, Pos pos) implements Expr {}

  public record ELet(List<LetDef> defs, Expr body, Pos pos) implements Expr {}

  public record ETerm(Ident term, List<Expr> args, Pos pos) implements Expr {}

  public record LetDef(Ident var, Ident type, Expr value, Pos pos) {}
}
