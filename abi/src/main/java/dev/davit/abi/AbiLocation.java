package dev.davit.abi;

import java.util.function.IntFunction;

/**
 * Where one parameter or return value lives at a call boundary, encoded in an int so that a
 * signature's locations are plain {@code int[]}s: the kind in bits 28-30, a payload below.
 *
 * <ul>
 *   <li>{@link #REG}: a PReg.</li>
 *   <li>{@link #REG_PAIR}: two INT PRegs for an i128, low half first (payload {@code lo | hi << 8}).</li>
 *   <li>{@link #STACK}: a byte offset into the stack-argument area. For parameters it is relative
 *       to the lowest argument address: the caller's SP at the call instruction for outgoing
 *       arguments, the CFA for incoming ones. For return values it is relative to the start of the
 *       return area. An i128 on the stack occupies 16 bytes, low half first (both ISAs are
 *       little-endian).</li>
 *   <li>{@link #INDIRECT_REG} / {@link #INDIRECT_STACK}: the value is in memory and a pointer to it
 *       is passed in a register / at a stack offset (Microsoft x64: values that are not 1, 2, 4 or 8
 *       bytes). The caller's copy sits in the outgoing area at {@link AbiSig#paramBuffer}.</li>
 *   <li>{@link #STRUCT_STACK}: a {@code sarg} parameter: the CLIF value is a pointer and the pointee
 *       is copied into the argument area at this offset.</li>
 * </ul>
 */
public final class AbiLocation {
    public static final int NONE = 0;
    public static final int REG = 1;
    public static final int REG_PAIR = 2;
    public static final int STACK = 3;
    public static final int INDIRECT_REG = 4;
    public static final int INDIRECT_STACK = 5;
    public static final int STRUCT_STACK = 6;

    /** Largest stack offset a location can carry; also bounds argument and return areas. */
    public static final int MAX_OFFSET = (1 << 27) - 1;

    private static final int SHIFT = 28;
    private static final int PAYLOAD = (1 << SHIFT) - 1;

    private AbiLocation() {}

    public static int reg(int preg) {
        return (REG << SHIFT) | preg;
    }

    public static int regPair(int lo, int hi) {
        return (REG_PAIR << SHIFT) | lo | (hi << 8);
    }

    public static int stack(int offset) {
        return (STACK << SHIFT) | checkOffset(offset);
    }

    public static int indirectReg(int preg) {
        return (INDIRECT_REG << SHIFT) | preg;
    }

    public static int indirectStack(int offset) {
        return (INDIRECT_STACK << SHIFT) | checkOffset(offset);
    }

    public static int structStack(int offset) {
        return (STRUCT_STACK << SHIFT) | checkOffset(offset);
    }

    private static int checkOffset(int offset) {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new UnsupportedAbiException("stack argument offset " + offset + " beyond the 128 MiB limit");
        }
        return offset;
    }

    public static int kind(int loc) {
        return loc >>> SHIFT;
    }

    /** True for {@link #REG}, {@link #REG_PAIR} and {@link #INDIRECT_REG}: no stack bytes at the location itself. */
    public static boolean isInRegisters(int loc) {
        int k = kind(loc);
        return k == REG || k == REG_PAIR || k == INDIRECT_REG;
    }

    /** True for kinds whose payload is a stack offset. */
    public static boolean isOnStack(int loc) {
        int k = kind(loc);
        return k == STACK || k == INDIRECT_STACK || k == STRUCT_STACK;
    }

    /** The PReg of a {@link #REG} or {@link #INDIRECT_REG} location. */
    public static int preg(int loc) {
        int k = kind(loc);
        if (k != REG && k != INDIRECT_REG) throw new IllegalArgumentException("not a register location: " + toString(loc));
        return loc & PAYLOAD;
    }

    public static int lo(int loc) {
        if (kind(loc) != REG_PAIR) throw new IllegalArgumentException("not a register pair: " + toString(loc));
        return loc & 0xff;
    }

    public static int hi(int loc) {
        if (kind(loc) != REG_PAIR) throw new IllegalArgumentException("not a register pair: " + toString(loc));
        return (loc >>> 8) & 0xff;
    }

    public static int offset(int loc) {
        if (!isOnStack(loc)) throw new IllegalArgumentException("not a stack location: " + toString(loc));
        return loc & PAYLOAD;
    }

    public static String toString(int loc) {
        return toString(loc, Regs::toString);
    }

    /** Spelled with the given register names, e.g. {@code rdi}, {@code [rdx, rcx]}, {@code stack+8}. */
    public static String toString(int loc, IntFunction<String> regName) {
        return switch (kind(loc)) {
            case NONE -> "none";
            case REG -> regName.apply(loc & PAYLOAD);
            case REG_PAIR -> "[" + regName.apply(lo(loc)) + ", " + regName.apply(hi(loc)) + "]";
            case STACK -> "stack+" + (loc & PAYLOAD);
            case INDIRECT_REG -> "*" + regName.apply(loc & PAYLOAD);
            case INDIRECT_STACK -> "*stack+" + (loc & PAYLOAD);
            case STRUCT_STACK -> "sarg@stack+" + (loc & PAYLOAD);
            default -> "bad-location(" + Integer.toHexString(loc) + ")";
        };
    }
}
