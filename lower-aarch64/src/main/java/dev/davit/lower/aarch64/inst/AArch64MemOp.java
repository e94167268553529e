package dev.davit.lower.aarch64.inst;

/**
 * Single-register loads and stores of GPRs and of s/d registers: access size ({@code size} field,
 * log2 bytes), the {@code opc} field (Arm ARM C4.1 "Loads and stores", load/store register
 * encodings: 00 store, 01 zero-extending load, 10 sign-extending load to 64 bits, 11
 * sign-extending load to 32 bits), and the width of the register named ({@code w}/{@code x}, or
 * {@code s}/{@code d} for the SIMD&amp;FP forms).
 */
public enum AArch64MemOp {
    STRB(0, 0, "strb", "sturb", AArch64Size.S32),
    STRH(1, 0, "strh", "sturh", AArch64Size.S32),
    STR32(2, 0, "str", "stur", AArch64Size.S32),
    STR64(3, 0, "str", "stur", AArch64Size.S64),
    LDRB(0, 1, "ldrb", "ldurb", AArch64Size.S32),
    LDRH(1, 1, "ldrh", "ldurh", AArch64Size.S32),
    LDR32(2, 1, "ldr", "ldur", AArch64Size.S32),
    LDR64(3, 1, "ldr", "ldur", AArch64Size.S64),
    LDRSB64(0, 2, "ldrsb", "ldursb", AArch64Size.S64),
    LDRSH64(1, 2, "ldrsh", "ldursh", AArch64Size.S64),
    LDRSW(2, 2, "ldrsw", "ldursw", AArch64Size.S64),
    LDRSB32(0, 3, "ldrsb", "ldursb", AArch64Size.S32),
    LDRSH32(1, 3, "ldrsh", "ldursh", AArch64Size.S32),
    /** SIMD&amp;FP forms (C6.2 LDR/STR (immediate, SIMD&amp;FP)): bit 26 set, opc 00 store, 01 load. */
    STRS(2, 0, "str", "stur", AArch64Size.S32, true),
    STRD(3, 0, "str", "stur", AArch64Size.S64, true),
    LDRS(2, 1, "ldr", "ldur", AArch64Size.S32, true),
    LDRD(3, 1, "ldr", "ldur", AArch64Size.S64, true);

    private final int log2Bytes;
    private final int opc;
    private final String mnemonic;
    private final String unscaledMnemonic;
    private final AArch64Size regSize;
    private final boolean fp;

    AArch64MemOp(int log2Bytes, int opc, String mnemonic, String unscaledMnemonic, AArch64Size regSize) {
        this(log2Bytes, opc, mnemonic, unscaledMnemonic, regSize, false);
    }

    AArch64MemOp(int log2Bytes, int opc, String mnemonic, String unscaledMnemonic, AArch64Size regSize, boolean fp) {
        this.fp = fp;
        this.log2Bytes = log2Bytes;
        this.opc = opc;
        this.mnemonic = mnemonic;
        this.unscaledMnemonic = unscaledMnemonic;
        this.regSize = regSize;
    }

    public int log2Bytes() {
        return log2Bytes;
    }

    public int bytes() {
        return 1 << log2Bytes;
    }

    public int opc() {
        return opc;
    }

    public boolean isLoad() {
        return opc != 0;
    }

    /** Whether the transfer register is an s/d register rather than a GPR. */
    public boolean isFp() {
        return fp;
    }

    /** Width at which the transfer register is named ({@code w} or {@code x}). */
    public AArch64Size regSize() {
        return regSize;
    }

    public String mnemonic() {
        return mnemonic;
    }

    /** Mnemonic of the unscaled signed-offset form. */
    public String unscaledMnemonic() {
        return unscaledMnemonic;
    }

    /** Whether LDR (literal) has this form: 32- and 64-bit loads and LDRSW only. */
    public boolean hasLiteralForm() {
        return this == LDR32 || this == LDR64 || this == LDRSW || this == LDRS || this == LDRD;
    }
}
