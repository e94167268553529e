package dev.davit.fuzz.gen;

/** The integer types the generator uses. */
public enum IntTy {
    I8(8), I16(16), I32(32), I64(64);

    public final int bits;

    IntTy(int bits) { this.bits = bits; }

    public String clif() { return name().toLowerCase(); }

    /** {@code v} reduced to this type, as an unsigned number. */
    public long mask(long v) { return bits == 64 ? v : v & ((1L << bits) - 1); }
}
