package dev.davit.ir.interpreter;

import dev.davit.ir.FloatCC;
import java.math.BigInteger;

/**
 * Floating-point lane operations on raw bit patterns. f32 and f64 use Java arithmetic, which is
 * IEEE 754 round-to-nearest-even (and {@code sqrt} of a float computed in double is correctly
 * rounded, 53 >= 2*24+2); f16 and f128 go through {@link SoftFloat}. NaN results follow one policy
 * everywhere: the first NaN operand quieted, or the positive canonical NaN for an invalid operation.
 */
final class FloatOps {
    private FloatOps() {}

    static final int FADD = 0, FSUB = 1, FMUL = 2, FDIV = 3, FMIN = 4, FMAX = 5, FCOPYSIGN = 6;
    static final int FNEG = 0, FABS = 1, SQRT = 2, CEIL = 3, FLOOR = 4, TRUNC = 5, NEAREST = 6;

    static final long F32_MASK = 0xffffffffL;
    static final int F32_CANON = 0x7fc00000;
    static final long F64_CANON = 0x7ff8000000000000L;

    static boolean isNaN32(long x) { return (x & 0x7fffffffL) > 0x7f800000L; }

    static boolean isNaN64(long x) { return (x & Long.MAX_VALUE) > 0x7ff0000000000000L; }

    static boolean isNaN16(long x) { return (x & 0x7fff) > 0x7c00; }

    static boolean isNaN(long x, int bits) {
        return switch (bits) {
            case 16 -> isNaN16(x);
            case 32 -> isNaN32(x);
            default -> isNaN64(x);
        };
    }

    private static long nan32(long a, long b) {
        if (isNaN32(a)) return (a | 0x400000L) & F32_MASK;
        if (isNaN32(b)) return (b | 0x400000L) & F32_MASK;
        return F32_CANON;
    }

    private static long nan64(long a, long b) {
        if (isNaN64(a)) return a | 0x8000000000000L;
        if (isNaN64(b)) return b | 0x8000000000000L;
        return F64_CANON;
    }

    static long f32(float f) { return Float.floatToRawIntBits(f) & F32_MASK; }

    static float f32(long bits) { return Float.intBitsToFloat((int) bits); }

    static long f64(double d) { return Double.doubleToRawLongBits(d); }

    static double f64(long bits) { return Double.longBitsToDouble(bits); }

    private static BigInteger big(long x) { return BigInteger.valueOf(x & 0xffffL); }

    /** Binary lane operation for 16-, 32- and 64-bit lanes. */
    static long bin(int op, long a, long b, int bits) {
        if (op == FCOPYSIGN) {
            long sign = 1L << (bits - 1);
            return (a & ~sign) | (b & sign);
        }
        if (bits == 32) {
            if (isNaN32(a) || isNaN32(b)) return nan32(a, b);
            float x = f32(a), y = f32(b);
            float r = switch (op) {
                case FADD -> x + y;
                case FSUB -> x - y;
                case FMUL -> x * y;
                case FDIV -> x / y;
                case FMIN -> Math.min(x, y);
                default -> Math.max(x, y);
            };
            return r != r ? F32_CANON : f32(r);
        }
        if (bits == 64) {
            if (isNaN64(a) || isNaN64(b)) return nan64(a, b);
            double x = f64(a), y = f64(b);
            double r = switch (op) {
                case FADD -> x + y;
                case FSUB -> x - y;
                case FMUL -> x * y;
                case FDIV -> x / y;
                case FMIN -> Math.min(x, y);
                default -> Math.max(x, y);
            };
            return r != r ? F64_CANON : f64(r);
        }
        return soft(op, SoftFloat.F16, big(a), big(b)).longValue();
    }

    /** Binary operation in a soft format (f16, f128). */
    static BigInteger soft(int op, SoftFloat.Fmt f, BigInteger a, BigInteger b) {
        return switch (op) {
            case FADD -> SoftFloat.add(f, a, b);
            case FSUB -> SoftFloat.sub(f, a, b);
            case FMUL -> SoftFloat.mul(f, a, b);
            case FDIV -> SoftFloat.div(f, a, b);
            case FMIN, FMAX -> {
                if (SoftFloat.isNaN(f, a)) yield SoftFloat.quiet(f, a);
                if (SoftFloat.isNaN(f, b)) yield SoftFloat.quiet(f, b);
                int c = SoftFloat.compare(f, a, b);
                boolean aNeg = a.testBit(f.totalBits - 1);
                if (c == 0) yield (op == FMIN) == aNeg ? a : b; // +0 vs -0
                yield (op == FMIN) == (c < 0) ? a : b;
            }
            case FCOPYSIGN -> b.testBit(f.totalBits - 1) ? a.setBit(f.totalBits - 1) : a.clearBit(f.totalBits - 1);
            default -> throw new IllegalArgumentException("float op " + op);
        };
    }

    /** Unary lane operation for 16-, 32- and 64-bit lanes. */
    static long unary(int op, long a, int bits) {
        long sign = 1L << (bits - 1);
        if (op == FNEG) return a ^ sign;
        if (op == FABS) return a & ~sign;
        if (bits == 32) {
            if (isNaN32(a)) return (a | 0x400000L) & F32_MASK;
            float x = f32(a);
            float r = switch (op) {
                case SQRT -> (float) Math.sqrt(x);
                case CEIL -> (float) Math.ceil(x);
                case FLOOR -> (float) Math.floor(x);
                case TRUNC -> x < 0 ? (float) Math.ceil(x) : (float) Math.floor(x);
                default -> (float) Math.rint(x);
            };
            return r != r ? F32_CANON : f32(r);
        }
        if (bits == 64) {
            if (isNaN64(a)) return a | 0x8000000000000L;
            double x = f64(a);
            double r = switch (op) {
                case SQRT -> Math.sqrt(x);
                case CEIL -> Math.ceil(x);
                case FLOOR -> Math.floor(x);
                case TRUNC -> x < 0 ? Math.ceil(x) : Math.floor(x);
                default -> Math.rint(x);
            };
            return r != r ? F64_CANON : f64(r);
        }
        return softUnary(op, SoftFloat.F16, big(a)).longValue();
    }

    static BigInteger softUnary(int op, SoftFloat.Fmt f, BigInteger a) {
        return switch (op) {
            case FNEG -> a.flipBit(f.totalBits - 1);
            case FABS -> a.clearBit(f.totalBits - 1);
            case SQRT -> SoftFloat.sqrt(f, a);
            case CEIL -> SoftFloat.roundInt(f, a, SoftFloat.R_CEIL);
            case FLOOR -> SoftFloat.roundInt(f, a, SoftFloat.R_FLOOR);
            case TRUNC -> SoftFloat.roundInt(f, a, SoftFloat.R_TRUNC);
            default -> SoftFloat.roundInt(f, a, SoftFloat.R_NEAREST);
        };
    }

    static long fma(long a, long b, long c, int bits) {
        if (bits == 32) {
            if (isNaN32(a) || isNaN32(b)) return nan32(a, b);
            if (isNaN32(c)) return (c | 0x400000L) & F32_MASK;
            float r = Math.fma(f32(a), f32(b), f32(c));
            return r != r ? F32_CANON : f32(r);
        }
        if (bits == 64) {
            if (isNaN64(a) || isNaN64(b)) return nan64(a, b);
            if (isNaN64(c)) return c | 0x8000000000000L;
            double r = Math.fma(f64(a), f64(b), f64(c));
            return r != r ? F64_CANON : f64(r);
        }
        return SoftFloat.fma(SoftFloat.F16, big(a), big(b), big(c)).longValue();
    }

    /** -1, 0, 1, or 2 for unordered. */
    static int cmp(long a, long b, int bits) {
        if (bits == 32) {
            if (isNaN32(a) || isNaN32(b)) return 2;
            return Float.compare(f32(a) + 0.0f, f32(b) + 0.0f);
        }
        if (bits == 64) {
            if (isNaN64(a) || isNaN64(b)) return 2;
            return Double.compare(f64(a) + 0.0, f64(b) + 0.0);
        }
        return SoftFloat.compare(SoftFloat.F16, big(a), big(b));
    }

    /** Whether comparison outcome {@code c} (from {@link #cmp}) satisfies condition {@code cc}. */
    static boolean cond(FloatCC cc, int c) {
        boolean uno = c == 2;
        return switch (cc) {
            case ORD -> !uno;
            case UNO -> uno;
            case EQ -> c == 0;
            case NE -> c != 0;
            case ONE -> c == -1 || c == 1;
            case UEQ -> uno || c == 0;
            case LT -> c == -1;
            case LE -> c == -1 || c == 0;
            case GT -> c == 1;
            case GE -> c == 1 || c == 0;
            case ULT -> uno || c == -1;
            case ULE -> uno || c <= 0;
            case UGT -> uno || c == 1;
            case UGE -> uno || c == 1 || c == 0;
        };
    }

    /** Converts a float between widths of at most 64 bits (f16/f32/f64). */
    static long convert(long a, int from, int to) {
        if (from == to) return a;
        if (from == 32 && to == 64 && !isNaN32(a)) return f64((double) f32(a));
        if (from == 64 && to == 32 && !isNaN64(a)) return f32((float) f64(a));
        BigInteger r = SoftFloat.convert(SoftFloat.of(from), SoftFloat.of(to),
                BigInteger.valueOf(a).and(mask(from)));
        return r.longValue();
    }

    private static BigInteger mask(int bits) { return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE); }
}
