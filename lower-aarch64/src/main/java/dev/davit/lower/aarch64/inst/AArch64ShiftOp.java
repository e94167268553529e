package dev.davit.lower.aarch64.inst;

/** The 2-bit {@code shift} field of shifted-register operands (Arm ARM C6.2 ADD (shifted register), AND (shifted register)). */
public enum AArch64ShiftOp {
    LSL, LSR, ASR, ROR;

    public int enc() {
        return ordinal();
    }

    public String mnemonic() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
