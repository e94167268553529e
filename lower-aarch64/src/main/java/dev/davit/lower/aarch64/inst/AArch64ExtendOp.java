package dev.davit.lower.aarch64.inst;

/**
 * The 3-bit {@code option} field of extended-register operands and register-offset addresses
 * (Arm ARM C6.2 ADD (extended register), C6.2 LDR (register)). {@code UXTX} on a 64-bit
 * operation is also written {@code lsl}.
 */
public enum AArch64ExtendOp {
    UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX;

    public int enc() {
        return ordinal();
    }

    /** Whether the extended register is named as an X register (the 64-bit extends). */
    public boolean is64() {
        return this == UXTX || this == SXTX;
    }

    public String mnemonic() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
