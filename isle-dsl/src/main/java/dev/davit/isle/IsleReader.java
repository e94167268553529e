package dev.davit.isle;

import dev.davit.isle.Ast.*;
import dev.davit.isle.IsleParser.*;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.DefaultErrorStrategy;

/**
 * Reads ISLE text into {@link Ast} definitions: ANTLR lexer and parser, then a walk of the parse
 * tree. Syntax errors go to {@link Diagnostics}; a file with syntax errors yields no definitions,
 * so that later phases never see half-built trees.
 */
public final class IsleReader {
  private IsleReader() {}

  /** Parses one file. Never throws on any input. */
  public static List<Def> read(String fileName, String text, Diagnostics diags) {
    int before = diags.count();
    try {
      FileContext tree = parse(fileName, text, diags);
      if (diags.count() != before) return List.of();
      return new Builder(fileName, diags).file(tree);
    } catch (StackOverflowError e) {
      diags.error(new Pos(fileName, 1, 1), Diagnostic.Kind.SYNTAX, "input is nested too deeply");
      return List.of();
    }
  }

  private static FileContext parse(String fileName, String text, Diagnostics diags) {
    IsleLexer lexer = new IsleLexer(CharStreams.fromString(text, fileName));
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    IsleParser parser = new IsleParser(tokens);
    parser.removeErrorListeners();
    // Two-stage parsing: the fast SLL mode is exact for almost all input; only on failure is
    // the file parsed again with full LL and error recovery, which gives the error messages.
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    parser.setErrorHandler(new BailErrorStrategy());
    try {
      return parser.file();
    } catch (ParseCancellationException e) {
      tokens.seek(0);
      parser.reset();
      lexer.reset();
      tokens.setTokenSource(lexer);
      Listener listener = new Listener(fileName, diags);
      lexer.addErrorListener(listener);
      parser.addErrorListener(listener);
      parser.setErrorHandler(new DefaultErrorStrategy());
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      FileContext ctx = parser.file();
      // Unrecognised characters become BAD tokens, which the parser reports as unexpected.
      return ctx;
    }
  }

  private static final class Listener extends BaseErrorListener {
    private final String file;
    private final Diagnostics diags;

    Listener(String file, Diagnostics diags) {
      this.file = file;
      this.diags = diags;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
        int charPositionInLine, String msg, RecognitionException e) {
      diags.error(new Pos(file, line, charPositionInLine + 1), Diagnostic.Kind.SYNTAX,
          simplify(offendingSymbol, msg));
    }

    private static String simplify(Object offending, String msg) {
      // ANTLR lists every keyword it could have accepted; that list says little to a rule
      // writer, so keep the part that names what was found.
      if (offending instanceof Token t && t.getType() == IsleLexer.BAD) {
        return "unexpected character '" + t.getText() + "'";
      }
      if (offending instanceof Token t && t.getType() == Token.EOF) {
        return "unexpected end of file (unbalanced parentheses?)";
      }
      int i = msg.indexOf(" expecting {");
      if (i >= 0) msg = msg.substring(0, i);
      return msg;
    }
  }

  private static final class Builder {
    private final String file;
    private final Diagnostics diags;

    Builder(String file, Diagnostics diags) {
      this.file = file;
      this.diags = diags;
    }

    Pos pos(ParserRuleContext c) {
      return pos(c.getStart());
    }

    Pos pos(Token t) {
      return new Pos(file, t.getLine(), t.getCharPositionInLine() + 1);
    }

    Ident ident(IdentContext c) {
      return new Ident(c.getText(), pos(c));
    }

    List<Ident> idents(List<IdentContext> cs) {
      List<Ident> l = new ArrayList<>(cs.size());
      for (IdentContext c : cs) l.add(ident(c));
      return l;
    }

    BigInteger integer(TerminalNode n) {
      String s = n.getText().replace("_", "");
      boolean neg = s.startsWith("-");
      if (neg) s = s.substring(1);
      int radix = 10;
      if (s.length() > 1 && s.charAt(0) == '0') {
        switch (Character.toLowerCase(s.charAt(1))) {
          case 'x' -> radix = 16;
          case 'o' -> radix = 8;
          case 'b' -> radix = 2;
          default -> { }
        }
        if (radix != 10) s = s.substring(2);
      }
      if (s.isEmpty()) {
        diags.error(pos(n.getSymbol()), Diagnostic.Kind.LITERAL, "integer literal has no digits");
        return BigInteger.ZERO;
      }
      BigInteger v = new BigInteger(s, radix);
      return neg ? v.negate() : v;
    }

    List<Def> file(FileContext c) {
      List<Def> defs = new ArrayList<>();
      for (DefContext d : c.def()) defs.add(def(d));
      return defs;
    }

    Def def(DefContext d) {
      Pos p = pos(d);
      return switch (d) {
        case TypeDefContext t -> {
          boolean ext = false, nodebug = false;
          for (TypeModifierContext m : t.typeModifier()) {
            if (m.getText().equals("extern")) ext = true;
            else nodebug = true;
          }
          yield new TypeDef(ident(t.ident()), ext, nodebug, typeValue(t.typeValue()), p);
        }
        case DeclDefContext t -> {
          boolean pure = false, multi = false, partial = false, rec = false;
          for (DeclFlagContext f : t.declFlag()) {
            switch (f.getText()) {
              case "pure" -> pure = true;
              case "multi" -> multi = true;
              case "partial" -> partial = true;
              default -> rec = true;
            }
          }
          List<IdentContext> ids = t.ident();
          yield new Decl(ident(ids.get(0)), idents(ids.subList(1, ids.size() - 1)),
              ident(ids.get(ids.size() - 1)), pure, multi, partial, rec, p);
        }
        case RuleDefContext r -> {
          RuleHeadContext h = r.ruleHead();
          Ident name = h.ident() == null ? null : ident(h.ident());
          long prio = 0;
          if (h.INT() != null) {
            BigInteger v = integer(h.INT());
            if (v.bitLength() > 31) {
              diags.error(pos(h.INT().getSymbol()), Diagnostic.Kind.LITERAL,
                  "priority " + v + " does not fit in 32 bits");
            } else {
              prio = v.longValue();
            }
          }
          List<IfLet> ifLets = new ArrayList<>();
          for (IfLetContext i : r.ifLet()) {
            if (i instanceof IfLetClauseContext il) {
              ifLets.add(new IfLet(pattern(il.pattern()), expr(il.expr()), pos(il)));
            } else {
              IfClauseContext ic = (IfClauseContext) i;
              ifLets.add(new IfLet(new PWildcard(pos(ic)), expr(ic.expr()), pos(ic)));
            }
          }
          yield new Rule(name, prio, h.INT() != null, pattern(r.pattern()), ifLets, expr(r.expr()), p);
        }
        case ExtractorDefContext e -> {
          List<IdentContext> ids = e.ident();
          yield new Extractor(ident(ids.get(0)), idents(ids.subList(1, ids.size())),
              pattern(e.pattern()), p);
        }
        case ExternCtorDefContext e -> new ExternConstructor(ident(e.ident(0)), ident(e.ident(1)), p);
        case ExternEtorDefContext e -> new ExternExtractor(ident(e.ident(0)), ident(e.ident(1)),
            e.getChild(3).getText().equals("infallible"),
            e.polarity() == null ? null : idents(e.polarity().ident()), p);
        case ExternConstDefContext e -> new ExternConst(ident(e.ident(0)), ident(e.ident(1)), p);
        case ConvertDefContext e -> new Convert(ident(e.ident(0)), ident(e.ident(1)),
            ident(e.ident(2)), p);
        case VerifyDefContext v -> {
          List<SExpr> body = new ArrayList<>();
          for (SexprContext s : v.sexpr()) body.add(sexpr(s));
          yield new Verify(v.verifyKeyword().getText(), body, p);
        }
        default -> throw new IllegalStateException("unknown form " + d.getClass());
      };
    }

    SExpr sexpr(SexprContext s) {
      if (s.getChildCount() == 1) return new SAtom(s.getText(), pos(s));
      List<SExpr> items = new ArrayList<>();
      for (SexprContext c : s.sexpr()) items.add(sexpr(c));
      return new SList(items, pos(s));
    }

    TypeValue typeValue(TypeValueContext t) {
      return switch (t) {
        case PrimitiveTypeContext pt -> new PrimitiveType(ident(pt.ident()), pos(t));
        case EnumTypeContext et -> {
          List<Variant> vs = new ArrayList<>();
          for (VariantContext v : et.variant()) {
            if (v instanceof BareVariantContext b) {
              vs.add(new Variant(ident(b.ident()), List.of(), pos(v)));
            } else {
              FieldVariantContext f = (FieldVariantContext) v;
              vs.add(new Variant(ident(f.ident()), fields(f.field()), pos(v)));
            }
          }
          yield new EnumType(vs, pos(t));
        }
        case StructTypeContext st -> new StructType(fields(st.field()), pos(t));
        default -> throw new IllegalStateException();
      };
    }

    List<Field> fields(List<FieldContext> fs) {
      List<Field> l = new ArrayList<>();
      for (FieldContext f : fs) l.add(new Field(ident(f.ident(0)), ident(f.ident(1)), pos(f)));
      return l;
    }

    Pattern pattern(PatternContext c) {
      Pos p = pos(c);
      return switch (c) {
        case IntPatternContext i -> new PInt(integer(i.INT()), p);
        case BoolPatternContext b -> new PBool(isTrue(b.boolLit()), p);
        case WildcardPatternContext w -> new PWildcard(p);
        case BindPatternContext b -> new PBind(ident(b.ident()), pattern(b.pattern()), p);
        case VarPatternContext v -> {
          Ident id = ident(v.ident());
          if (id.name().startsWith("$")) yield new PConst(id, p);
          // `=x` is Cranelift's old spelling of a use of an already bound `x`.
          if (id.name().startsWith("=") && id.name().length() > 1) {
            yield new PVar(new Ident(id.name().substring(1), id.pos()), p);
          }
          yield new PVar(id, p);
        }
        case AndPatternContext a -> {
          List<Pattern> subs = new ArrayList<>();
          for (PatternContext s : a.pattern()) subs.add(pattern(s));
          yield new PAnd(subs, p);
        }
        case TermPatternContext t -> {
          List<Pattern> args = new ArrayList<>();
          for (PatternArgContext a : t.patternArg()) {
            if (a instanceof InArgContext in) args.add(new PInArg(expr(in.expr()), pos(in)));
            else args.add(pattern(((PatArgContext) a).pattern()));
          }
          yield new PTerm(ident(t.ident()), args, p);
        }
        default -> throw new IllegalStateException();
      };
    }

    static boolean isTrue(BoolLitContext b) {
      String s = b.getText();
      return s.equals("true") || s.equals("#t");
    }

    Expr expr(ExprContext c) {
      Pos p = pos(c);
      return switch (c) {
        case IntExprContext i -> new EInt(integer(i.INT()), p);
        case BoolExprContext b -> new EBool(isTrue(b.boolLit()), p);
        case VarExprContext v -> {
          Ident id = ident(v.ident());
          yield id.name().startsWith("$") ? new EConst(id, p) : new EVar(id, p);
        }
        case LetExprContext l -> {
          List<LetDef> defs = new ArrayList<>();
          for (LetBindingContext b : l.letBinding()) {
            defs.add(new LetDef(ident(b.ident(0)), ident(b.ident(1)), expr(b.expr()), pos(b)));
          }
          yield new ELet(defs, expr(l.expr()), p);
        }
        case TermExprContext t -> {
          List<Expr> args = new ArrayList<>();
          for (ExprContext a : t.expr()) args.add(expr(a));
          yield new ETerm(ident(t.ident()), args, p);
        }
        default -> throw new IllegalStateException();
      };
    }
  }
}
