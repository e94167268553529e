package dev.davit.isle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front end in one call: read the files of a unit, parse, analyse, lower and check overlaps.
 * The result holds either a program or the errors (all of them, sorted by position).
 */
public final class IsleFrontend {
  private IsleFrontend() {}

  /** A source file: the name used in messages and its text. */
  public record Source(String name, String text) {}

  /** A checked program with the lowered rules of every term that has rules. */
  public record Result(Program program, Map<Program.Term, Lowering.TermRules> lowered,
      List<Diagnostic> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  public static Result compileFiles(List<Path> files) {
    Diagnostics diags = new Diagnostics();
    List<Source> sources = new ArrayList<>();
    for (Path p : files) {
      try {
        sources.add(new Source(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
      } catch (IOException | RuntimeException e) {
        diags.error(new Pos(p.toString(), 1, 1), Diagnostic.Kind.IO, "cannot read file: " + e);
      }
    }
    if (diags.hasErrors()) return new Result(null, Map.of(), diags.sorted());
    return compile(sources);
  }

  /** Analyses the sources of one unit. Never throws on any input. */
  public static Result compile(List<Source> sources) {
    Diagnostics diags = new Diagnostics();
    List<Ast.Def> defs = new ArrayList<>();
    for (Source s : sources) defs.addAll(IsleReader.read(s.name(), s.text(), diags));
    if (diags.hasErrors()) return new Result(null, Map.of(), diags.sorted());
    Program prog;
    Map<Program.Term, Lowering.TermRules> lowered = new LinkedHashMap<>();
    try {
      prog = Sema.analyze(defs, diags);
      if (!diags.hasErrors()) {
        for (Program.Term t : prog.terms.values()) {
          if (t.rules.isEmpty()) continue;
          Lowering.TermRules tr = Lowering.lower(t);
          Lowering.checkOverlaps(tr, diags);
          lowered.put(t, tr);
        }
      }
    } catch (StackOverflowError e) {
      diags.error(defs.isEmpty() ? new Pos(sources.get(0).name(), 1, 1) : defs.get(0).pos(),
          Diagnostic.Kind.SYNTAX, "input is nested too deeply");
      return new Result(null, Map.of(), diags.sorted());
    }
    return new Result(diags.hasErrors() ? null : prog, lowered, diags.sorted());
  }
}
