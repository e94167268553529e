package dev.davit.lower.aarch64.inst;

/**
 * Condition codes in their 4-bit encoding (Arm ARM C1.2 "Condition code", Table C1-1). Conditions come in
 * complementary pairs differing in the low bit, which {@link #invert()} flips; AL and NV both mean
 * "always", so inverting them is refused.
 */
public enum AArch64Cond {
    EQ, NE, HS, LO, MI, PL, VS, VC, HI, LS, GE, LT, GT, LE, AL, NV;

    public int enc() {
        return ordinal();
    }

    public AArch64Cond invert() {
        if (this == AL || this == NV) {
            throw new IllegalStateException("cannot invert " + this);
        }
        return values()[ordinal() ^ 1];
    }

    /** Lower-case mnemonic suffix ({@code b.eq}, {@code csel ..., eq}). */
    public String suffix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
