package dev.davit.lower.aarch64.inst;

import dev.davit.codegen.Reg;

/**
 * The 31 general-purpose registers x0..x30, register 31, and the 32 SIMD&amp;FP registers v0..v31,
 * as pinned Regs (see {@link Reg}); GPRs are class {@link Reg#INT}, vector registers class
 * {@link Reg#FLOAT}.
 *
 * <p>Hardware encoding 31 is either the stack pointer or the zero register depending on the
 * operand position (Arm ARM C1.2 "Register names"): for instance the Rd and Rn of
 * {@code ADD (immediate)} and the base of a load mean {@code sp}, while the Rm of a shifted-register
 * operation or the Rd of {@code SUBS} mean {@code xzr}. Both names therefore stand for the same
 * Reg, {@link #SP} {@code ==} {@link #XZR}; records document which meaning each operand has, and
 * the printer names it accordingly.
 */
public final class AArch64Regs {
    private AArch64Regs() {}

    public static final int X0 = gpr(0), X1 = gpr(1), X2 = gpr(2), X3 = gpr(3), X4 = gpr(4), X5 = gpr(5);
    public static final int X6 = gpr(6), X7 = gpr(7), X8 = gpr(8), X9 = gpr(9), X10 = gpr(10), X11 = gpr(11);
    public static final int X12 = gpr(12), X13 = gpr(13), X14 = gpr(14), X15 = gpr(15), X16 = gpr(16);
    public static final int X17 = gpr(17), X18 = gpr(18), X19 = gpr(19), X20 = gpr(20), X21 = gpr(21);
    public static final int X22 = gpr(22), X23 = gpr(23), X24 = gpr(24), X25 = gpr(25), X26 = gpr(26);
    public static final int X27 = gpr(27), X28 = gpr(28), X29 = gpr(29), X30 = gpr(30);

    /** Frame pointer and link register, by their AAPCS64 roles. */
    public static final int FP = X29, LR = X30;

    /** Register 31 where it means the stack pointer. */
    public static final int SP = gpr(31);
    /** Register 31 where it means the zero register; the same Reg as {@link #SP}. */
    public static final int XZR = SP;

    /** GPR with hardware encoding {@code hw} (0..31) as a pinned Reg. */
    public static int gpr(int hw) {
        if (hw < 0 || hw > 31) {
            throw new IllegalArgumentException("gpr " + hw);
        }
        return Reg.fromPReg(Reg.preg(Reg.INT, hw));
    }

    /**
     * SIMD&amp;FP register v{@code hw} (0..31) as a pinned Reg; named apart from
     * {@link Reg#vreg}, which makes virtual registers.
     */
    public static int fpr(int hw) {
        if (hw < 0 || hw > 31) {
            throw new IllegalArgumentException("v" + hw);
        }
        return Reg.fromPReg(Reg.preg(Reg.FLOAT, hw));
    }

    /** The PReg of a pinned Reg, for fixed operand constraints. */
    public static int preg(int reg) {
        return Reg.toPReg(reg);
    }

    public static boolean isGpr(int reg) {
        return Reg.isPhysical(reg) && Reg.cls(reg) == Reg.INT;
    }

    /** Whether {@code reg} is register 31 (sp or zr). */
    public static boolean isReg31(int reg) {
        return isGpr(reg) && Reg.hwEnc(reg) == 31;
    }

    /** Name where register 31 means the zero register: {@code x5}/{@code w5}, {@code xzr}/{@code wzr}. */
    public static String name(int reg, AArch64Size size) {
        return name(reg, size, false);
    }

    /** Name where register 31 means the stack pointer: {@code sp}/{@code wsp}. */
    public static String nameSp(int reg, AArch64Size size) {
        return name(reg, size, true);
    }

    public static String name64(int reg) {
        return name(reg, AArch64Size.S64, false);
    }

    /** Name of a SIMD&amp;FP register as a scalar: {@code s3} at 32 bits, {@code d3} at 64. */
    public static String fpName(int reg, AArch64Size size) {
        if (!Reg.isPhysical(reg)) {
            return Reg.toString(reg);
        }
        return (size == AArch64Size.S64 ? "d" : "s") + Reg.hwEnc(reg);
    }

    private static String name(int reg, AArch64Size size, boolean sp) {
        if (!Reg.isPhysical(reg)) {
            return Reg.toString(reg);
        }
        int hw = Reg.hwEnc(reg);
        if (Reg.cls(reg) != Reg.INT) {
            return "v" + hw;
        }
        boolean x = size == AArch64Size.S64;
        if (hw == 31) {
            return sp ? (x ? "sp" : "wsp") : (x ? "xzr" : "wzr");
        }
        return (x ? "x" : "w") + hw;
    }
}
