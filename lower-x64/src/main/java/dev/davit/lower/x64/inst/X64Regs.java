package dev.davit.lower.x64.inst;

import dev.davit.codegen.Reg;

/**
 * The 16 general-purpose and 16 XMM registers as pinned Regs (see {@link Reg}); GPRs are class
 * {@link Reg#INT}, XMMs class {@link Reg#FLOAT}. Hardware encodings follow Intel SDM vol. 2A
 * §2.1.3 (Table 2-2): rax=0, rcx=1, rdx=2, rbx=3, rsp=4, rbp=5, rsi=6, rdi=7, r8..r15=8..15.
 */
public final class X64Regs {
    private X64Regs() {}

    public static final int RAX = gpr(0), RCX = gpr(1), RDX = gpr(2), RBX = gpr(3);
    public static final int RSP = gpr(4), RBP = gpr(5), RSI = gpr(6), RDI = gpr(7);
    public static final int R8 = gpr(8), R9 = gpr(9), R10 = gpr(10), R11 = gpr(11);
    public static final int R12 = gpr(12), R13 = gpr(13), R14 = gpr(14), R15 = gpr(15);

    private static final String[] NAMES64 = {
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    private static final String[] NAMES32 = {
        "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
        "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
    private static final String[] NAMES16 = {
        "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
        "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
    // Encodings 4-7 name spl..dil, never ah..bh: the backend always has a REX prefix for them.
    private static final String[] NAMES8 = {
        "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
        "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};

    /** GPR with hardware encoding {@code hw} as a pinned Reg. */
    public static int gpr(int hw) {
        return Reg.fromPReg(Reg.preg(Reg.INT, hw));
    }

    /** XMM register {@code hw} as a pinned Reg. */
    public static int xmm(int hw) {
        return Reg.fromPReg(Reg.preg(Reg.FLOAT, hw));
    }

    /** The PReg of a pinned Reg, for fixed operand constraints. */
    public static int preg(int reg) {
        return Reg.toPReg(reg);
    }

    public static boolean isGpr(int reg) {
        return Reg.isPhysical(reg) && Reg.cls(reg) == Reg.INT;
    }

    /** Name of a register viewed at {@code size} (XMMs ignore the size); virtual ones print as {@code %vN}. */
    public static String name(int reg, X64Size size) {
        if (!Reg.isPhysical(reg)) {
            return Reg.toString(reg);
        }
        int hw = Reg.hwEnc(reg);
        if (Reg.cls(reg) != Reg.INT) {
            return "xmm" + hw;
        }
        return switch (size) {
            case S8 -> NAMES8[hw];
            case S16 -> NAMES16[hw];
            case S32 -> NAMES32[hw];
            case S64 -> NAMES64[hw];
        };
    }

    public static String name64(int reg) {
        return name(reg, X64Size.S64);
    }
}
