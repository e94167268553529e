package dev.davit.lower.aarch64.inst;

/** Operand size of an integer data-processing instruction: the {@code sf} bit (Arm ARM C4.1). */
public enum AArch64Size {
    S32, S64;

    /** The {@code sf} field value. */
    public int sf() {
        return this == S64 ? 1 : 0;
    }

    public int bits() {
        return this == S64 ? 64 : 32;
    }

    /** The value truncated to this size, zero-extended. */
    public long mask(long v) {
        return this == S64 ? v : v & 0xFFFF_FFFFL;
    }

    public static AArch64Size ofBits(int bits) {
        return switch (bits) {
            case 32 -> S32;
            case 64 -> S64;
            default -> throw new IllegalArgumentException("operand size " + bits);
        };
    }
}
