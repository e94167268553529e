package dev.davit.codegen;

/**
 * Static helpers for the two register encodings shared with the register allocator. A physical
 * register (PReg) is {@code (class << 6) | hwEnc}; a register as stored in instructions (Reg, a
 * virtual register) is {@code (index << 2) | class}. Indices below {@link #PINNED_VREGS} are pinned
 * to the PReg with the same number, so after allocation every register is such a pinned value.
 */
public final class Reg {
    public static final int INT = 0;
    public static final int FLOAT = 1;
    public static final int VECTOR = 2;

    /** Number of PReg numbers ({@code 3 << 6}); vreg indices below it are pinned to PRegs. */
    public static final int PINNED_VREGS = 192;

    /** Marks an absent register operand. Never a valid Reg (negative). */
    public static final int INVALID = -1;

    private Reg() {}

    public static int preg(int cls, int hwEnc) {
        return (cls << 6) | hwEnc;
    }

    public static int pregClass(int preg) {
        return preg >>> 6;
    }

    public static int pregHwEnc(int preg) {
        return preg & 63;
    }

    /** A virtual register with the given index (must be at least {@link #PINNED_VREGS} to be free). */
    public static int vreg(int index, int cls) {
        return (index << 2) | cls;
    }

    public static int vregIndex(int reg) {
        return reg >>> 2;
    }

    /** Register class of a Reg. */
    public static int cls(int reg) {
        return reg & 3;
    }

    public static boolean isVirtual(int reg) {
        return (reg >>> 2) >= PINNED_VREGS;
    }

    public static boolean isPhysical(int reg) {
        return reg >= 0 && (reg >>> 2) < PINNED_VREGS;
    }

    /** The Reg pinned to a PReg. */
    public static int fromPReg(int preg) {
        return (preg << 2) | (preg >>> 6);
    }

    /** The PReg a pinned Reg stands for; fails on a virtual register. */
    public static int toPReg(int reg) {
        int idx = reg >>> 2;
        if (reg < 0 || idx >= PINNED_VREGS) {
            throw new IllegalStateException("not a physical register: " + toString(reg));
        }
        return idx;
    }

    /** Hardware encoding of a pinned Reg. */
    public static int hwEnc(int reg) {
        return toPReg(reg) & 63;
    }

    public static String toString(int reg) {
        if (reg < 0) {
            return "<invalid>";
        }
        if (isVirtual(reg)) {
            return "%v" + vregIndex(reg) + (cls(reg) == INT ? "" : cls(reg) == FLOAT ? "f" : "v");
        }
        int p = vregIndex(reg);
        return "%p" + pregHwEnc(p) + (pregClass(p) == INT ? "i" : pregClass(p) == FLOAT ? "f" : "v");
    }
}
