package dev.davit.ir.interpreter;

import dev.davit.ir.TrapCode;

/**
 * A trap raised while executing: unwinds the interpreter's Java frames to {@link Interpreter#call},
 * which turns it into {@link InterpreterResult.Trapped}. No stack trace: traps are program
 * behaviour, not interpreter bugs, and some programs trap on purpose in a loop.
 */
final class Trap extends RuntimeException {
    final int code;
    /** Function and instruction where the trap happened; set by the innermost frame. */
    String where;

    Trap(int code, String description) {
        super(description, null, false, false);
        this.code = code;
    }

    static Trap of(int code) { return new Trap(code, describe(code)); }

    /** Text for a trap code, including the interpreter-only codes. */
    static String describe(int code) {
        return switch (code) {
            case InterpreterResult.HEAP_MISALIGNED -> "heap_misaligned";
            case InterpreterResult.BAD_SIGNATURE -> "bad_sig";
            case InterpreterResult.DEBUG -> "debugtrap";
            default -> TrapCode.toString(code);
        };
    }
}
