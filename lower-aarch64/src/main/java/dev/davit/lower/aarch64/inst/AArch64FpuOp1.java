package dev.davit.lower.aarch64.inst;

/**
 * Scalar floating-point operations of one source register: the {@code opcode} field of Arm ARM
 * C4.1 "Floating-point data-processing (1 source)" ({@code 0 0 0 11110 ftype 1 opcode 10000 Rn Rd}).
 * The two {@code fcvt} forms change the precision: their destination is the other size.
 */
public enum AArch64FpuOp1 {
    FMOV(0b000000, "fmov"),
    FABS(0b000001, "fabs"),
    FNEG(0b000010, "fneg"),
    FSQRT(0b000011, "fsqrt"),
    /** To single precision (from double). */
    FCVT_TO_S(0b000100, "fcvt"),
    /** To double precision (from single). */
    FCVT_TO_D(0b000101, "fcvt"),
    /** Round to nearest, ties to even. */
    FRINTN(0b001000, "frintn"),
    /** Round towards plus infinity. */
    FRINTP(0b001001, "frintp"),
    /** Round towards minus infinity. */
    FRINTM(0b001010, "frintm"),
    /** Round towards zero. */
    FRINTZ(0b001011, "frintz");

    private final int opcode;
    private final String mnemonic;

    AArch64FpuOp1(int opcode, String mnemonic) {
        this.opcode = opcode;
        this.mnemonic = mnemonic;
    }

    public int opcode() {
        return opcode;
    }

    public String mnemonic() {
        return mnemonic;
    }

    /** The size of the result for a source of {@code size}. */
    public AArch64Size resultSize(AArch64Size size) {
        return switch (this) {
            case FCVT_TO_S -> AArch64Size.S32;
            case FCVT_TO_D -> AArch64Size.S64;
            default -> size;
        };
    }
}
