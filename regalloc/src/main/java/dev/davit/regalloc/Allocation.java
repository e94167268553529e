package dev.davit.regalloc;

/**
 * Where a value lives, as an int: {@link #NONE} (0), a register {@code (1 << 30) | preg}, or a
 * spill slot {@code (2 << 30) | slot}. Slots are numbered per function; {@link Output} gives each
 * slot's register class.
 */
public final class Allocation {
    public static final int NONE = 0;
    private static final int REG_TAG = 1 << 30;
    private static final int STACK_TAG = 2 << 30;
    private static final int PAYLOAD = (1 << 30) - 1;

    private Allocation() {}

    public static int reg(int preg) {
        return REG_TAG | preg;
    }

    public static int stack(int slot) {
        return STACK_TAG | slot;
    }

    public static boolean isNone(int a) {
        return a == NONE;
    }

    public static boolean isReg(int a) {
        return (a >>> 30) == 1;
    }

    public static boolean isStack(int a) {
        return (a >>> 30) == 2;
    }

    /** The register of a register allocation. */
    public static int preg(int a) {
        return a & PAYLOAD;
    }

    /** The slot of a stack allocation. */
    public static int slot(int a) {
        return a & PAYLOAD;
    }

    public static String toString(int a) {
        if (isReg(a)) return PReg.toString(preg(a));
        if (isStack(a)) return "stack" + slot(a);
        if (a == NONE) return "none";
        return "alloc?" + Integer.toHexString(a);
    }
}
