package dev.davit.regalloc;

/**
 * Virtual registers as ints: {@code (index << 2) | class.ordinal()}. Indices below
 * {@link #PINNED_LIMIT} are pinned: index {@code i} names the physical register whose
 * {@link PReg} number is {@code i}, and an operand on it is fixed to that register (its value is
 * not tracked by the allocator, so pinned registers should be non-allocatable ones like the stack
 * or frame pointer, or be used as single-instruction fixed operands). Clients number their own
 * vregs from {@link #FIRST_VIRTUAL} upwards.
 */
public final class VReg {
    public static final int PINNED_LIMIT = PReg.NUM;
    public static final int FIRST_VIRTUAL = PReg.NUM;
    public static final int INVALID = -1;

    private VReg() {}

    public static int of(int index, RegClass c) {
        return (index << 2) | c.ordinal();
    }

    /** The pinned vreg that names physical register {@code preg}. */
    public static int pinned(int preg) {
        return (preg << 2) | PReg.classIndex(preg);
    }

    public static int index(int v) {
        return v >>> 2;
    }

    public static int classIndex(int v) {
        return v & 3;
    }

    public static RegClass regClass(int v) {
        return RegClass.of(v & 3);
    }

    public static boolean isPinned(int v) {
        return (v >>> 2) < PINNED_LIMIT;
    }

    /** The physical register of a pinned vreg. */
    public static int pinnedPReg(int v) {
        return v >>> 2;
    }

    public static String toString(int v) {
        if (isPinned(v)) return "v" + index(v) + "(" + PReg.toString(pinnedPReg(v)) + ")";
        return "v" + index(v) + "ifv".charAt(classIndex(v));
    }
}
