package dev.davit.lower.aarch64.inst;

/**
 * Scalar floating-point operations of two source registers: the {@code opcode} field of Arm ARM
 * C4.1 "Floating-point data-processing (2 source)" ({@code 0 0 0 11110 ftype 1 Rm opcode 10 Rn Rd}).
 * {@code fmin}/{@code fmax} (not the {@code nm} forms) give NaN when either input is NaN and order
 * -0.0 below +0.0 (C6.2 FMIN (scalar), FMAX (scalar)), which is what CLIF's {@code fmin}/{@code fmax} ask.
 */
public enum AArch64FpuOp2 {
    FMUL(0b0000, "fmul"),
    FDIV(0b0001, "fdiv"),
    FADD(0b0010, "fadd"),
    FSUB(0b0011, "fsub"),
    FMAX(0b0100, "fmax"),
    FMIN(0b0101, "fmin");

    private final int opcode;
    private final String mnemonic;

    AArch64FpuOp2(int opcode, String mnemonic) {
        this.opcode = opcode;
        this.mnemonic = mnemonic;
    }

    public int opcode() {
        return opcode;
    }

    public String mnemonic() {
        return mnemonic;
    }
}
