package dev.davit.ir.reader;

/** The entity a comment belongs to. */
public sealed interface EntityRef {
    /** An instruction (its {@code Inst} handle). */
    record InstRef(int inst) implements EntityRef {}

    /** A block (its number as written). */
    record BlockRef(int block) implements EntityRef {}

    /** A preamble declaration, named as written: {@code ss0}, {@code fn2}, {@code stack_limit}. */
    record PreambleRef(String entity) implements EntityRef {}

    /** The function itself: comments before its first entity, and after its closing brace. */
    record FunctionRef() implements EntityRef {}
}
