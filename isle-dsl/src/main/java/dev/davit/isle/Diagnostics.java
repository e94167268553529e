package dev.davit.isle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/** Collects every error of a run, so that one run reports all of them. */
public final class Diagnostics {
  private final List<Diagnostic> list = new ArrayList<>();
  private final Set<Diagnostic> seen = new HashSet<>();

  /** Records an error; the same error at the same place (a macro used twice) counts once. */
  public void error(Pos pos, Diagnostic.Kind kind, String message) {
    Diagnostic d = new Diagnostic(pos, kind, message);
    if (seen.add(d)) list.add(d);
  }

  public boolean hasErrors() {
    return !list.isEmpty();
  }

  public int count() {
    return list.size();
  }

  /** The errors sorted by position (stable, so errors at one place keep their order). */
  public List<Diagnostic> sorted() {
    List<Diagnostic> l = new ArrayList<>(list);
    Collections.sort(l);
    return l;
  }
}
