package dev.davit.ir;

/** The callee or symbol name of an external function or global symbol, as the stencil sees it. */
public sealed interface ExternalName {
    /** A user-defined name, by reference into {@link FunctionParameters}' name table. */
    record User(int ref) implements ExternalName {}

    /** A test-case name such as {@code %foo}. */
    record TestCase(String name) implements ExternalName {}

    /** A runtime library call such as {@code %CeilF32}. */
    record LibCall(String name) implements ExternalName {}

    /** A well-known symbol such as {@code %ElfGlobalOffsetTable}. */
    record KnownSymbol(String name) implements ExternalName {}
}
