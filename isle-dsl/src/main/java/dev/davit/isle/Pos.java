package dev.davit.isle;

/** A source position: file name as given on the command line, 1-based line and column. */
public record Pos(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
