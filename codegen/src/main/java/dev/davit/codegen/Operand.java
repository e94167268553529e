package dev.davit.codegen;

/**
 * Int constants describing one register operand for {@link OperandVisitor}: its kind (use or
 * def), when in the instruction it is read or written (early or late), and its constraint.
 *
 * <p>Positions follow the usual allocator model: uses are read early, defs written late, so an
 * input and an output may share a register. An early def is written before inputs are dead, so it
 * must not share a register with any use (needed when an instruction writes an output before it has
 * read all inputs, or for a temporary).
 *
 * <p>A constraint is an int: {@link #REG}, {@link #ANY}, {@link #STACK}, {@link #fixed(int)} of a
 * PReg, or {@link #reuse(int)} of the operand index (in visit order, within the instruction) of the
 * use whose register a def must take over — the two-address form of x86 ALU instructions.
 */
public final class Operand {
    public static final int USE = 0;
    public static final int DEF = 1;

    public static final int EARLY = 0;
    public static final int LATE = 1;

    /** Any register of the operand's class. */
    public static final int REG = 0;
    /** A register or a stack slot. */
    public static final int ANY = 1;
    /** A stack slot. */
    public static final int STACK = 2;

    private static final int FIXED_TAG = 1 << 16;
    private static final int REUSE_TAG = 2 << 16;
    private static final int PAYLOAD = 0xFFFF;

    private Operand() {}

    public static int fixed(int preg) {
        return FIXED_TAG | preg;
    }

    public static int reuse(int operandIndex) {
        return REUSE_TAG | operandIndex;
    }

    public static boolean isFixed(int constraint) {
        return (constraint & ~PAYLOAD) == FIXED_TAG;
    }

    public static boolean isReuse(int constraint) {
        return (constraint & ~PAYLOAD) == REUSE_TAG;
    }

    /** PReg of a fixed constraint, or operand index of a reuse constraint. */
    public static int payload(int constraint) {
        return constraint & PAYLOAD;
    }

    public static String constraintToString(int c) {
        if (isFixed(c)) {
            return "fixed(" + payload(c) + ")";
        }
        if (isReuse(c)) {
            return "reuse(" + payload(c) + ")";
        }
        return switch (c) {
            case REG -> "reg";
            case ANY -> "any";
            case STACK -> "stack";
            default -> "?" + c;
        };
    }
}
