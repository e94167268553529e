package dev.davit.abi;

/**
 * The physical-register encoding shared with the register allocator and the backends: a PReg is
 * the int {@code (class << 6) | hwEnc}. Only static helpers; no objects on the hot path.
 */
public final class Regs {
    public static final int INT = 0;
    public static final int FLOAT = 1;
    public static final int VECTOR = 2;

    private Regs() {}

    public static int preg(int cls, int hwEnc) {
        if (cls < 0 || cls > 2 || hwEnc < 0 || hwEnc > 63) {
            throw new IllegalArgumentException("bad preg class " + cls + " hwEnc " + hwEnc);
        }
        return (cls << 6) | hwEnc;
    }

    public static int cls(int preg) {
        return preg >>> 6;
    }

    public static int hw(int preg) {
        return preg & 63;
    }

    /** ISA-neutral spelling, the register allocator's: {@code p3i}, {@code p0f}. */
    public static String toString(int preg) {
        return "p" + hw(preg) + "ifv".charAt(cls(preg));
    }
}
