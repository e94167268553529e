package dev.davit.ir.interpreter;

import java.math.BigInteger;

/**
 * Correctly rounded IEEE 754 binary arithmetic for any of CLIF's formats, on raw bit patterns held
 * in {@link BigInteger}s. Every operation first computes the exact result (or a quotient/root with
 * enough extra bits and a sticky flag) and then rounds once, to nearest with ties to even, so the
 * results are the correctly rounded ones by construction. Used for f16 and f128 (which Java has no
 * arithmetic for) and for conversions whose double-rounding through {@code double} would be wrong.
 *
 * <p>NaN policy, shared with the f32/f64 fast paths in {@link FloatOps}: an operation with a NaN
 * operand returns the first NaN operand quieted (what x86 and AArch64 hardware do), and an invalid
 * operation (inf - inf, 0 * inf, 0/0, sqrt of a negative) returns the positive canonical quiet NaN.
 */
final class SoftFloat {
    private SoftFloat() {}

    /** A binary interchange format. */
    static final class Fmt {
        final int expBits, fracBits, bias, maxBiased, totalBits;
        final BigInteger fracMask, quietBit, signBit, expMask;

        Fmt(int expBits, int fracBits) {
            this.expBits = expBits;
            this.fracBits = fracBits;
            this.bias = (1 << (expBits - 1)) - 1;
            this.maxBiased = (1 << expBits) - 1;
            this.totalBits = 1 + expBits + fracBits;
            this.fracMask = BigInteger.ONE.shiftLeft(fracBits).subtract(BigInteger.ONE);
            this.quietBit = BigInteger.ONE.shiftLeft(fracBits - 1);
            this.signBit = BigInteger.ONE.shiftLeft(expBits + fracBits);
            this.expMask = BigInteger.valueOf(maxBiased).shiftLeft(fracBits);
        }
    }

    static final Fmt F16 = new Fmt(5, 10), F32 = new Fmt(8, 23), F64 = new Fmt(11, 52), F128 = new Fmt(15, 112);

    static Fmt of(int bits) {
        return switch (bits) {
            case 16 -> F16; case 32 -> F32; case 64 -> F64; case 128 -> F128;
            default -> throw new IllegalArgumentException("float width " + bits);
        };
    }

    static final int ZERO = 0, FINITE = 1, INF = 2, NAN = 3;

    /** A decoded value: for FINITE, the magnitude is exactly {@code mant * 2^exp}. */
    record Num(int cls, boolean neg, BigInteger mant, int exp) {}

    static BigInteger bits(long lo, long hi) {
        BigInteger b = new BigInteger(Long.toUnsignedString(lo));
        return hi == 0 ? b : b.or(new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64));
    }

    static long lo(BigInteger b) { return b.longValue(); }

    static long hi(BigInteger b) { return b.shiftRight(64).longValue(); }

    static Num decode(Fmt f, BigInteger bits) {
        boolean neg = bits.testBit(f.totalBits - 1);
        int biased = bits.shiftRight(f.fracBits).intValue() & f.maxBiased;
        BigInteger frac = bits.and(f.fracMask);
        if (biased == f.maxBiased) return new Num(frac.signum() == 0 ? INF : NAN, neg, frac, 0);
        if (biased == 0) {
            if (frac.signum() == 0) return new Num(ZERO, neg, BigInteger.ZERO, 0);
            return new Num(FINITE, neg, frac, 1 - f.bias - f.fracBits);
        }
        return new Num(FINITE, neg, frac.setBit(f.fracBits), biased - f.bias - f.fracBits);
    }

    static boolean isNaN(Fmt f, BigInteger bits) {
        return bits.and(f.expMask).equals(f.expMask) && bits.and(f.fracMask).signum() != 0;
    }

    static BigInteger quiet(Fmt f, BigInteger nan) { return nan.or(f.quietBit); }

    static BigInteger canonicalNaN(Fmt f) { return f.expMask.or(f.quietBit); }

    static BigInteger zero(Fmt f, boolean neg) { return neg ? f.signBit : BigInteger.ZERO; }

    static BigInteger inf(Fmt f, boolean neg) { return neg ? f.expMask.or(f.signBit) : f.expMask; }

    /**
     * Rounds {@code mant * 2^exp} (plus, when {@code sticky}, some positive amount smaller than
     * {@code 2^exp}) to the format. A caller passing sticky must supply at least two bits beyond
     * the format's precision so the sticky part lies below the rounding position.
     */
    static BigInteger round(Fmt f, boolean neg, BigInteger mant, int exp, boolean sticky) {
        if (mant.signum() == 0) return zero(f, neg);
        int top = exp + mant.bitLength() - 1;
        int emin = 1 - f.bias;
        int lsb = Math.max(top, emin) - f.fracBits;
        int shift = lsb - exp;
        BigInteger q;
        if (shift <= 0) {
            q = mant.shiftLeft(-shift);
        } else {
            q = mant.shiftRight(shift);
            boolean half = mant.testBit(shift - 1);
            boolean below = sticky || mant.getLowestSetBit() < shift - 1;
            if (half && (below || q.testBit(0))) q = q.add(BigInteger.ONE);
        }
        if (q.bitLength() > f.fracBits + 1) {
            q = q.shiftRight(1);
            lsb++;
        }
        if (q.signum() == 0) return zero(f, neg);
        BigInteger out;
        if (q.bitLength() <= f.fracBits) {
            out = q; // subnormal
        } else {
            long biased = (long) lsb + f.fracBits + f.bias;
            if (biased >= f.maxBiased) return inf(f, neg);
            out = BigInteger.valueOf(biased).shiftLeft(f.fracBits).or(q.clearBit(f.fracBits));
        }
        return neg ? out.or(f.signBit) : out;
    }

    private static BigInteger nan2(Fmt f, BigInteger a, BigInteger b) {
        if (isNaN(f, a)) return quiet(f, a);
        if (isNaN(f, b)) return quiet(f, b);
        return null;
    }

    /** Exact signed sum of two finite-or-zero magnitudes, rounded; an exact zero is +0. */
    private static BigInteger sumRound(Fmt f, boolean na, BigInteger ma, int ea, boolean nb, BigInteger mb, int eb) {
        int e = Math.min(ea, eb);
        BigInteger x = ma.shiftLeft(ea - e);
        BigInteger y = mb.shiftLeft(eb - e);
        if (na) x = x.negate();
        if (nb) y = y.negate();
        BigInteger s = x.add(y);
        if (s.signum() == 0) return zero(f, false);
        return round(f, s.signum() < 0, s.abs(), e, false);
    }

    static BigInteger add(Fmt f, BigInteger a, BigInteger b) {
        BigInteger n = nan2(f, a, b);
        if (n != null) return n;
        Num x = decode(f, a), y = decode(f, b);
        if (x.cls == INF || y.cls == INF) {
            if (x.cls == INF && y.cls == INF && x.neg != y.neg) return canonicalNaN(f);
            return x.cls == INF ? a : b;
        }
        if (x.cls == ZERO && y.cls == ZERO) return zero(f, x.neg && y.neg);
        if (x.cls == ZERO) return b;
        if (y.cls == ZERO) return a;
        return sumRound(f, x.neg, x.mant, x.exp, y.neg, y.mant, y.exp);
    }

    static BigInteger sub(Fmt f, BigInteger a, BigInteger b) {
        BigInteger n = nan2(f, a, b);
        if (n != null) return n;
        return add(f, a, b.xor(f.signBit));
    }

    static BigInteger mul(Fmt f, BigInteger a, BigInteger b) {
        BigInteger n = nan2(f, a, b);
        if (n != null) return n;
        Num x = decode(f, a), y = decode(f, b);
        boolean neg = x.neg != y.neg;
        if (x.cls == INF || y.cls == INF) {
            if (x.cls == ZERO || y.cls == ZERO) return canonicalNaN(f);
            return inf(f, neg);
        }
        if (x.cls == ZERO || y.cls == ZERO) return zero(f, neg);
        return round(f, neg, x.mant.multiply(y.mant), x.exp + y.exp, false);
    }

    static BigInteger div(Fmt f, BigInteger a, BigInteger b) {
        BigInteger n = nan2(f, a, b);
        if (n != null) return n;
        Num x = decode(f, a), y = decode(f, b);
        boolean neg = x.neg != y.neg;
        if (x.cls == INF) return y.cls == INF ? canonicalNaN(f) : inf(f, neg);
        if (y.cls == INF) return zero(f, neg);
        if (y.cls == ZERO) return x.cls == ZERO ? canonicalNaN(f) : inf(f, neg);
        if (x.cls == ZERO) return zero(f, neg);
        int k = Math.max(0, f.fracBits + 4 + y.mant.bitLength() - x.mant.bitLength());
        BigInteger[] qr = x.mant.shiftLeft(k).divideAndRemainder(y.mant);
        return round(f, neg, qr[0], x.exp - y.exp - k, qr[1].signum() != 0);
    }

    static BigInteger sqrt(Fmt f, BigInteger a) {
        if (isNaN(f, a)) return quiet(f, a);
        Num x = decode(f, a);
        if (x.cls == ZERO) return a;
        if (x.neg) return canonicalNaN(f);
        if (x.cls == INF) return a;
        int k = Math.max(0, 2 * (f.fracBits + 4) - x.mant.bitLength());
        if (((x.exp - k) & 1) != 0) k++;
        BigInteger m = x.mant.shiftLeft(k);
        BigInteger r = m.sqrt();
        return round(f, false, r, (x.exp - k) / 2, !r.multiply(r).equals(m));
    }

    /** Fused {@code a * b + c} with a single rounding. */
    static BigInteger fma(Fmt f, BigInteger a, BigInteger b, BigInteger c) {
        BigInteger n = nan2(f, a, b);
        if (n == null && isNaN(f, c)) n = quiet(f, c);
        if (n != null) return n;
        Num x = decode(f, a), y = decode(f, b), z = decode(f, c);
        boolean pneg = x.neg != y.neg;
        if (x.cls == INF || y.cls == INF) {
            if (x.cls == ZERO || y.cls == ZERO) return canonicalNaN(f);
            if (z.cls == INF && z.neg != pneg) return canonicalNaN(f);
            return inf(f, pneg);
        }
        if (z.cls == INF) return c;
        if (x.cls == ZERO || y.cls == ZERO) {
            if (z.cls == ZERO) return zero(f, pneg && z.neg);
            return c;
        }
        if (z.cls == ZERO) return round(f, pneg, x.mant.multiply(y.mant), x.exp + y.exp, false);
        return sumRound(f, pneg, x.mant.multiply(y.mant), x.exp + y.exp, z.neg, z.mant, z.exp);
    }

    static final int R_NEAREST = 0, R_CEIL = 1, R_FLOOR = 2, R_TRUNC = 3;

    /** Rounds to an integral value in the same format. */
    static BigInteger roundInt(Fmt f, BigInteger a, int mode) {
        if (isNaN(f, a)) return quiet(f, a);
        Num x = decode(f, a);
        if (x.cls != FINITE || x.exp >= 0) return a;
        int s = -x.exp;
        BigInteger q = x.mant.shiftRight(s);
        boolean rem = x.mant.getLowestSetBit() < s;
        boolean up = switch (mode) {
            case R_TRUNC -> false;
            case R_CEIL -> !x.neg && rem;
            case R_FLOOR -> x.neg && rem;
            default -> x.mant.testBit(s - 1) && (x.mant.getLowestSetBit() < s - 1 || q.testBit(0));
        };
        if (up) q = q.add(BigInteger.ONE);
        return q.signum() == 0 ? zero(f, x.neg) : round(f, x.neg, q, 0, false);
    }

    /** -1, 0, 1, or 2 when unordered. */
    static int compare(Fmt f, BigInteger a, BigInteger b) {
        if (isNaN(f, a) || isNaN(f, b)) return 2;
        BigInteger ka = orderKey(f, a), kb = orderKey(f, b);
        return Integer.signum(ka.compareTo(kb));
    }

    private static BigInteger orderKey(Fmt f, BigInteger a) {
        BigInteger mag = a.clearBit(f.totalBits - 1);
        return a.testBit(f.totalBits - 1) ? mag.negate() : mag;
    }

    /** Converts between formats (fpromote/fdemote); NaNs keep sign and leading payload, quieted. */
    static BigInteger convert(Fmt from, Fmt to, BigInteger a) {
        Num x = decode(from, a);
        return switch (x.cls) {
            case ZERO -> zero(to, x.neg);
            case INF -> inf(to, x.neg);
            case NAN -> {
                BigInteger payload = x.mant;
                int d = to.fracBits - from.fracBits;
                payload = d >= 0 ? payload.shiftLeft(d) : payload.shiftRight(-d);
                BigInteger r = to.expMask.or(payload).or(to.quietBit);
                yield x.neg ? r.or(to.signBit) : r;
            }
            default -> round(to, x.neg, x.mant, x.exp, false);
        };
    }

    /** The integer {@code v} rounded to the format. */
    static BigInteger fromInt(Fmt f, BigInteger v) {
        if (v.signum() == 0) return BigInteger.ZERO;
        return round(f, v.signum() < 0, v.abs(), 0, false);
    }

    /** The value truncated toward zero, or null for NaN; infinities give a value out of every range. */
    static BigInteger toIntTrunc(Fmt f, BigInteger a) {
        Num x = decode(f, a);
        return switch (x.cls) {
            case NAN -> null;
            case ZERO -> BigInteger.ZERO;
            case INF -> x.neg ? BigInteger.ONE.shiftLeft(200).negate() : BigInteger.ONE.shiftLeft(200);
            default -> {
                BigInteger m = x.exp >= 0 ? x.mant.shiftLeft(x.exp) : x.mant.shiftRight(-x.exp);
                yield x.neg ? m.negate() : m;
            }
        };
    }
}
