package dev.davit.regalloc;

/**
 * Operands as longs. Layout: bits 0..31 the vreg ({@link VReg}, which carries the register
 * class); bits 32..33 the kind ({@link #USE}, {@link #DEF}, {@link #MOD}); bit 34 the position
 * ({@link #EARLY}, {@link #LATE}); bits 35..37 the constraint ({@link #ANY}, {@link #REG},
 * {@link #FIXED}, {@link #REUSE}, {@link #STACK}); bits 38..45 the constraint payload (the
 * physical register of FIXED, the operand index of the reused input of REUSE).
 *
 * <p>Semantics, per instruction: early uses are read, then early defs are written, then the
 * clobbers happen, then late uses are read, then late defs are written. So an early def never
 * shares a location with a use, a late def may share one with an early use, and a value live
 * across a clobbering instruction never sits in a clobbered register. A MOD reads its location
 * early and writes the same location late. A REUSE def (always late, always a register) is put
 * in the register of its input (an early use with constraint ANY or REG), which the allocator
 * copies there first if the input lives on.
 */
public final class Operand {
    public static final int USE = 0, DEF = 1, MOD = 2;
    public static final int EARLY = 0, LATE = 1;
    public static final int ANY = 0, REG = 1, FIXED = 2, REUSE = 3, STACK = 4;

    private Operand() {}

    public static long of(int vreg, int kind, int pos, int constraint, int payload) {
        return (vreg & 0xFFFF_FFFFL) | ((long) kind << 32) | ((long) pos << 34)
                | ((long) constraint << 35) | ((long) (payload & 0xFF) << 38);
    }

    public static int vreg(long op) {
        return (int) op;
    }

    public static int kind(long op) {
        return (int) (op >>> 32) & 3;
    }

    public static int pos(long op) {
        return (int) (op >>> 34) & 1;
    }

    public static int constraint(long op) {
        return (int) (op >>> 35) & 7;
    }

    /** The physical register of a FIXED operand. */
    public static int fixedPReg(long op) {
        return (int) (op >>> 38) & 0xFF;
    }

    /** The operand index of the input a REUSE def reuses. */
    public static int reuseIndex(long op) {
        return (int) (op >>> 38) & 0xFF;
    }

    public static boolean isUse(long op) {
        return kind(op) == USE;
    }

    public static boolean isDef(long op) {
        return kind(op) == DEF;
    }

    /** Reads its vreg (USE or MOD). */
    public static boolean reads(long op) {
        return kind(op) != DEF;
    }

    /** Writes its vreg (DEF or MOD). */
    public static boolean writes(long op) {
        return kind(op) != USE;
    }

    // Convenience constructors. Uses default to EARLY, defs to LATE.
    public static long anyUse(int v) { return of(v, USE, EARLY, ANY, 0); }
    public static long regUse(int v) { return of(v, USE, EARLY, REG, 0); }
    public static long regLateUse(int v) { return of(v, USE, LATE, REG, 0); }
    public static long fixedUse(int v, int preg) { return of(v, USE, EARLY, FIXED, preg); }
    public static long stackUse(int v) { return of(v, USE, EARLY, STACK, 0); }
    public static long anyDef(int v) { return of(v, DEF, LATE, ANY, 0); }
    public static long regDef(int v) { return of(v, DEF, LATE, REG, 0); }
    public static long fixedDef(int v, int preg) { return of(v, DEF, LATE, FIXED, preg); }
    public static long stackDef(int v) { return of(v, DEF, LATE, STACK, 0); }
    /** A def in the register of input operand {@code inputIndex}. */
    public static long reuseDef(int v, int inputIndex) { return of(v, DEF, LATE, REUSE, inputIndex); }
    /** A scratch register: an early def, usually with no uses. */
    public static long regTemp(int v) { return of(v, DEF, EARLY, REG, 0); }
    public static long fixedTemp(int v, int preg) { return of(v, DEF, EARLY, FIXED, preg); }
    public static long regMod(int v) { return of(v, MOD, EARLY, REG, 0); }
    public static long anyMod(int v) { return of(v, MOD, EARLY, ANY, 0); }
    public static long fixedMod(int v, int preg) { return of(v, MOD, EARLY, FIXED, preg); }

    public static String toString(long op) {
        StringBuilder sb = new StringBuilder();
        sb.append(switch (kind(op)) { case USE -> "use "; case DEF -> "def "; default -> "mod "; });
        sb.append(VReg.toString(vreg(op)));
        sb.append(pos(op) == EARLY ? " early " : " late ");
        switch (constraint(op)) {
            case ANY -> sb.append("any");
            case REG -> sb.append("reg");
            case FIXED -> sb.append("fixed ").append(PReg.toString(fixedPReg(op)));
            case REUSE -> sb.append("reuse ").append(reuseIndex(op));
            case STACK -> sb.append("stack");
            default -> sb.append("?");
        }
        return sb.toString();
    }
}
