package dev.davit.lower.aarch64.inst;

/**
 * Moves and conversions between a GPR and a scalar SIMD&amp;FP register: the {@code rmode} and
 * {@code opcode} fields of Arm ARM C4.1 "Conversion between floating-point and integer"
 * ({@code sf 0 0 11110 ftype 1 rmode opcode 000000 Rn Rd}).
 */
public enum AArch64FpIntOp {
    /** GPR bits into the FP register (C6.2 FMOV (general)). */
    FMOV_TO_FP(0b00, 0b111, "fmov", true),
    /** FP register bits into the GPR. */
    FMOV_FROM_FP(0b00, 0b110, "fmov", false),
    /** Signed integer to floating point (C6.2 SCVTF (scalar, integer)). */
    SCVTF(0b00, 0b010, "scvtf", true),
    /** Unsigned integer to floating point (C6.2 UCVTF (scalar, integer)). */
    UCVTF(0b00, 0b011, "ucvtf", true),
    /**
     * Floating point to signed integer rounding towards zero, saturating, NaN to 0
     * (C6.2 FCVTZS (scalar, integer)).
     */
    FCVTZS(0b11, 0b000, "fcvtzs", false),
    /** The same to an unsigned integer (C6.2 FCVTZU (scalar, integer)). */
    FCVTZU(0b11, 0b001, "fcvtzu", false);

    private final int rmode;
    private final int opcode;
    private final String mnemonic;
    private final boolean toFp;

    AArch64FpIntOp(int rmode, int opcode, String mnemonic, boolean toFp) {
        this.rmode = rmode;
        this.opcode = opcode;
        this.mnemonic = mnemonic;
        this.toFp = toFp;
    }

    public int rmode() {
        return rmode;
    }

    public int opcode() {
        return opcode;
    }

    public String mnemonic() {
        return mnemonic;
    }

    /** Whether the destination is the FP register (else the GPR). */
    public boolean toFp() {
        return toFp;
    }
}
