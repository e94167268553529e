package dev.davit.isle;

/**
 * One error found in ISLE source. {@link #kind} names the class of error so that tests and tools
 * can tell errors apart without matching on message text.
 */
public record Diagnostic(Pos pos, Kind kind, String message) implements Comparable<Diagnostic> {
  /** The classes of errors the front end reports. */
  public enum Kind {
    IO, SYNTAX, DUPLICATE, UNKNOWN_TYPE, UNKNOWN_TERM, UNKNOWN_VARIABLE, TYPE_MISMATCH, ARITY,
    BAD_PATTERN, BAD_EXPRESSION, CONVERTER, IMPURE, RECURSION, MULTI, OVERLAP, UNSUPPORTED, LITERAL
  }

  @Override
  public String toString() {
    return pos + ": " + message;
  }

  @Override
  public int compareTo(Diagnostic o) {
    int c = pos.file().compareTo(o.pos.file());
    if (c != 0) return c;
    c = Integer.compare(pos.line(), o.pos.line());
    if (c != 0) return c;
    return Integer.compare(pos.column(), o.pos.column());
  }
}
