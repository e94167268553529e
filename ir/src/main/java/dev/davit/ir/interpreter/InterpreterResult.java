package dev.davit.ir.interpreter;

import dev.davit.ir.DataValue;
import java.util.Arrays;

/** The outcome of {@link Interpreter#call}: the returned values, or the trap that ended the call. */
public sealed interface InterpreterResult {
    /**
     * Trap codes beyond {@link dev.davit.ir.TrapCode}'s, for conditions Cranelift's interpreter
     * reports but CLIF text has no name for: a misaligned access with the {@code aligned} flag, a
     * call whose arguments do not match the callee, and {@code debugtrap}.
     */
    int HEAP_MISALIGNED = -100, BAD_SIGNATURE = -101, DEBUG = -102;

    record Returned(DataValue[] values) implements InterpreterResult {
        @Override public boolean equals(Object o) {
            if (!(o instanceof Returned r) || r.values.length != values.length) return false;
            for (int i = 0; i < values.length; i++) if (!values[i].bitsEqual(r.values[i])) return false;
            return true;
        }

        @Override public int hashCode() { return Arrays.hashCode(values); }

        @Override public String toString() { return "Returned" + Arrays.toString(values); }
    }

    /**
     * @param trapCode    a {@link dev.davit.ir.TrapCode} value or one of the codes above
     * @param description the trap's CLIF name and where it happened
     */
    record Trapped(int trapCode, String description) implements InterpreterResult {}
}
