package dev.davit.ir.interpreter;

import dev.davit.ir.DataValue;
import java.util.Arrays;

/**
 * Checks {@code ; run:} expectations against the interpreter the way Cranelift's run commands
 * do: the call must return (a trap fails the line), and the returned values are compared with
 * the expected ones bit for bit ({@link DataValue#bitsEqual}), so a float NaN only matches a NaN
 * with the same sign and payload, and {@code 0.0} and {@code -0.0} differ. Vectors compare as
 * their 128 bits whatever their lane type.
 */
public final class RunTests {
    private RunTests() {}

    /**
     * Runs {@code function(args)} and compares with {@code expected}; {@code equals} false means
     * the line was {@code !=}. Returns null when the expectation holds, else a description of the
     * mismatch.
     *
     * @throws InterpreterException when the interpreter cannot run the function
     */
    public static String check(Interpreter interpreter, String function, DataValue[] args, boolean equals,
                               DataValue[] expected) {
        InterpreterResult r = interpreter.call(function, args);
        if (r instanceof InterpreterResult.Trapped t) {
            return "%" + strip(function) + "(" + list(args) + ") trapped: " + t.description();
        }
        DataValue[] actual = ((InterpreterResult.Returned) r).values();
        boolean same = sameValues(actual, expected);
        if (same == equals) return null;
        return "%" + strip(function) + "(" + list(args) + ") " + (equals ? "==" : "!=") + " " + list(expected)
                + ", actual: " + list(actual);
    }

    /** Checks one parsed run line; null when it holds, else the mismatch. */
    public static String check(Interpreter interpreter, RunLine line) {
        return check(interpreter, line.function(), line.args(), line.equals(), line.expected());
    }

    /** Whether two result lists are equal the way run commands compare them. */
    public static boolean sameValues(DataValue[] actual, DataValue[] expected) {
        if (actual.length != expected.length) return false;
        for (int i = 0; i < actual.length; i++) {
            DataValue a = actual[i], e = expected[i];
            boolean vec = a.type().isVector() && e.type().isVector() && a.type().bits() == e.type().bits();
            if (vec ? a.lo() != e.lo() || a.hi() != e.hi() : !a.bitsEqual(e)) return false;
        }
        return true;
    }

    private static String strip(String f) { return f.startsWith("%") ? f.substring(1) : f; }

    /** CLIF-like text of values, for messages: integers in decimal and hex, floats and vectors as bits. */
    public static String list(DataValue[] vs) {
        String[] out = new String[vs.length];
        for (int i = 0; i < vs.length; i++) out[i] = text(vs[i]);
        return vs.length == 1 ? out[0] : Arrays.toString(out);
    }

    static String text(DataValue v) {
        if (v.type().isInt()) {
            if (v.type().bits() == 128) return "0x" + hex128(v);
            return v.signed() + "";
        }
        if (v.type().isFloat()) {
            return switch (v.type().bits()) {
                case 32 -> Float.intBitsToFloat((int) v.lo()) + " (0x" + Long.toHexString(v.lo()) + ")";
                case 64 -> Double.longBitsToDouble(v.lo()) + " (0x" + Long.toHexString(v.lo()) + ")";
                default -> v.type() + ":0x" + hex128(v);
            };
        }
        return v.type() + ":0x" + hex128(v);
    }

    private static String hex128(DataValue v) {
        return v.hi() == 0 ? Long.toHexString(v.lo()) : Long.toHexString(v.hi()) + String.format("%016x", v.lo());
    }
}
