package dev.davit.ir.verifier;

/**
 * The entity a {@link VerifierError} is reported at, as in Cranelift's {@code AnyEntity}: an
 * instruction, a block, a value, a global value, or the function as a whole. Annotated test files
 * attach {@code ; error:} comments to these entities, so the location is part of what a test checks.
 */
public sealed interface EntityLocation {
    /** CLIF name of the entity: {@code inst3}, {@code block1}, {@code v7}, {@code gv0}, {@code function}. */
    String text();

    record Inst(int inst) implements EntityLocation {
        @Override public String text() { return "inst" + inst; }
    }

    record Block(int block) implements EntityLocation {
        @Override public String text() { return "block" + block; }
    }

    record Value(int value) implements EntityLocation {
        @Override public String text() { return "v" + value; }
    }

    record GlobalValue(int globalValue) implements EntityLocation {
        @Override public String text() { return "gv" + globalValue; }
    }

    /** The function itself: its signature and anything not tied to a smaller entity. */
    record FunctionLevel() implements EntityLocation {
        @Override public String text() { return "function"; }
    }

    EntityLocation FUNCTION = new FunctionLevel();
}
