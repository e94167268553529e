package dev.davit.lower.aarch64.inst;

/**
 * The 8-bit floating-point immediate of FMOV (scalar, immediate) (Arm ARM C6.2 FMOV (scalar,
 * immediate), shared pseudocode VFPExpandImm): {@code abcdefgh} stands for sign {@code a}, an
 * exponent {@code NOT(b):Replicate(b):cd} and the fraction's top bits {@code efgh}, so the values
 * are {@code ±n/16 * 2^r} for n in 16..31 and r in -3..4.
 */
public final class AArch64FpImm {
    private AArch64FpImm() {}

    /** The imm8 of the float with bits {@code bits} at {@code size} (S32 or S64), or -1 if there is none. */
    public static int encode(long bits, AArch64Size size) {
        boolean dbl = size == AArch64Size.S64;
        int fracBits = dbl ? 52 : 23;
        int expBits = dbl ? 11 : 8;
        long frac = bits & ((1L << fracBits) - 1);
        if ((frac & ((1L << (fracBits - 4)) - 1)) != 0) {
            return -1;
        }
        int exp = (int) ((bits >>> fracBits) & ((1 << expBits) - 1));
        int sign = (int) ((bits >>> (fracBits + expBits)) & 1);
        int b = (exp >>> (expBits - 2)) & 1;
        int top = (exp >>> (expBits - 1)) & 1;
        int reps = expBits - 3; // the bits between NOT(b) and cd, all equal to b
        int mid = (exp >>> 2) & ((1 << reps) - 1);
        if (top != 1 - b || mid != (b == 1 ? (1 << reps) - 1 : 0)) {
            return -1;
        }
        if (!dbl && (bits >>> 32) != 0) {
            return -1;
        }
        return sign << 7 | b << 6 | (exp & 3) << 4 | (int) (frac >>> (fracBits - 4));
    }

    /** The value of {@code imm8}, exact in a double (and in a float). */
    public static double decode(int imm8) {
        int sign = imm8 >>> 7 & 1;
        int b = imm8 >>> 6 & 1;
        int cd = imm8 >>> 4 & 3;
        int efgh = imm8 & 15;
        // NOT(b):bbb..:cd less the bias is cd - 3 when b is set, cd + 1 when not, at either width.
        int e = b == 1 ? cd - 3 : cd + 1;
        double v = (16 + efgh) / 16.0 * Math.scalb(1.0, e);
        return sign == 1 ? -v : v;
    }
}
