package dev.davit.ir.interpreter;

/**
 * The interpreter could not give an answer: an instruction or feature it does not model, a
 * malformed function, or running out of fuel. Never a program trap (those are
 * {@link InterpreterResult.Trapped}), so a caller comparing results can tell "unknown" from
 * "different".
 */
public class InterpreterException extends RuntimeException {
    private String context;

    public InterpreterException(String message) { super(message); }

    /** Records where it happened, once (the innermost frame knows best). */
    void addContext(String where) {
        if (context == null) context = where;
    }

    @Override
    public String getMessage() {
        return context == null ? super.getMessage() : super.getMessage() + " (in " + context + ")";
    }

    /** An opcode, operand type or external entity the interpreter does not support. */
    public static final class Unsupported extends InterpreterException {
        public Unsupported(String message) { super(message); }
    }

    /** The step limit ran out, typically an infinite loop. */
    public static final class FuelExhausted extends InterpreterException {
        public FuelExhausted(String message) { super(message); }
    }
}
