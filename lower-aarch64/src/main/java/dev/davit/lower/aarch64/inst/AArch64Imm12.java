package dev.davit.lower.aarch64.inst;

/**
 * The 12-bit unsigned immediate of ADD/SUB (immediate), optionally shifted left by 12 (Arm ARM
 * C6.2 ADD (immediate): the {@code sh} bit).
 */
public record AArch64Imm12(int bits, boolean shift12) {
    public AArch64Imm12 {
        if (bits < 0 || bits > 0xFFF) {
            throw new IllegalArgumentException("imm12 " + bits);
        }
    }

    /** The encoding of {@code value}, or null if it is neither {@code imm12} nor {@code imm12 << 12}. */
    public static AArch64Imm12 maybeFrom(long value) {
        if ((value & ~0xFFFL) == 0) {
            return new AArch64Imm12((int) value, false);
        }
        if ((value & ~0xFFF000L) == 0) {
            return new AArch64Imm12((int) (value >>> 12), true);
        }
        return null;
    }

    public long value() {
        return shift12 ? (long) bits << 12 : bits;
    }
}
