package dev.davit.ir.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.davit.ir.FloatCC;
import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The soft-float (used for f16 and f128) checked against Java's IEEE arithmetic where both exist:
 * run in the f32/f64 formats it must agree bit for bit with Java on every non-NaN result, so the
 * same code is trusted for the formats Java lacks. Plus the f32/f64 lane operations' special rules.
 */
class FloatPropertyTest {
    @Provide Arbitrary<Integer> f32bits() {
        return Arbitraries.oneOf(Arbitraries.integers(),
                Arbitraries.of(0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 1, 0x807fffff, 0x00800000,
                        0x3f800000, 0xbf800000, 0x7f7fffff, 0x4b000000, 0x3f000000, 0x3fc00000),
                Arbitraries.integers().between(0x3f000000, 0x4c000000));
    }

    @Provide Arbitrary<Long> f64bits() {
        return Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, 0x8000000000000000L, 0x7ff0000000000000L, 0x3ff0000000000000L, 1L,
                        0x0010000000000000L, 0x7fefffffffffffffL, 0x4330000000000000L, 0x3fe0000000000000L),
                Arbitraries.longs().between(0x3fe0000000000000L, 0x4340000000000000L));
    }

    static BigInteger b32(int x) { return BigInteger.valueOf(x & 0xffffffffL); }

    static BigInteger b64(long x) { return SoftFloat.bits(x, 0); }

    static void same32(float expected, BigInteger actual, String what) {
        if (Float.isNaN(expected)) {
            assertEquals(true, SoftFloat.isNaN(SoftFloat.F32, actual), what);
        } else {
            assertEquals(Integer.toHexString(Float.floatToRawIntBits(expected)), Integer.toHexString(actual.intValue()), what);
        }
    }

    static void same64(double expected, BigInteger actual, String what) {
        if (Double.isNaN(expected)) {
            assertEquals(true, SoftFloat.isNaN(SoftFloat.F64, actual), what);
        } else {
            assertEquals(Long.toHexString(Double.doubleToRawLongBits(expected)), Long.toHexString(actual.longValue()), what);
        }
    }

    @Property(tries = 3000)
    void softF32MatchesJava(@ForAll("f32bits") int a, @ForAll("f32bits") int b, @ForAll("f32bits") int c) {
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b), z = Float.intBitsToFloat(c);
        String w = x + ", " + y + ", " + z;
        var f = SoftFloat.F32;
        same32(x + y, SoftFloat.add(f, b32(a), b32(b)), "add " + w);
        same32(x - y, SoftFloat.sub(f, b32(a), b32(b)), "sub " + w);
        same32(x * y, SoftFloat.mul(f, b32(a), b32(b)), "mul " + w);
        same32(x / y, SoftFloat.div(f, b32(a), b32(b)), "div " + w);
        same32((float) Math.sqrt(x), SoftFloat.sqrt(f, b32(a)), "sqrt " + w);
        same32(Math.fma(x, y, z), SoftFloat.fma(f, b32(a), b32(b), b32(c)), "fma " + w);
        same32((float) Math.rint(x), SoftFloat.roundInt(f, b32(a), SoftFloat.R_NEAREST), "nearest " + w);
        same32((float) Math.ceil(x), SoftFloat.roundInt(f, b32(a), SoftFloat.R_CEIL), "ceil " + w);
        same32((float) Math.floor(x), SoftFloat.roundInt(f, b32(a), SoftFloat.R_FLOOR), "floor " + w);
        same64((double) x, SoftFloat.convert(f, SoftFloat.F64, b32(a)), "promote " + w);
        int cmp = Float.isNaN(x) || Float.isNaN(y) ? 2 : Float.compare(x + 0f, y + 0f);
        assertEquals(cmp, SoftFloat.compare(f, b32(a), b32(b)), "compare " + w);
        assertEquals(cmp, FloatOps.cmp(a & 0xffffffffL, b & 0xffffffffL, 32), "cmp " + w);
    }

    @Property(tries = 3000)
    void softF64MatchesJava(@ForAll("f64bits") long a, @ForAll("f64bits") long b, @ForAll("f64bits") long c) {
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b), z = Double.longBitsToDouble(c);
        String w = x + ", " + y + ", " + z;
        var f = SoftFloat.F64;
        same64(x + y, SoftFloat.add(f, b64(a), b64(b)), "add " + w);
        same64(x - y, SoftFloat.sub(f, b64(a), b64(b)), "sub " + w);
        same64(x * y, SoftFloat.mul(f, b64(a), b64(b)), "mul " + w);
        same64(x / y, SoftFloat.div(f, b64(a), b64(b)), "div " + w);
        same64(Math.sqrt(x), SoftFloat.sqrt(f, b64(a)), "sqrt " + w);
        same64(Math.fma(x, y, z), SoftFloat.fma(f, b64(a), b64(b), b64(c)), "fma " + w);
        same64(Math.rint(x), SoftFloat.roundInt(f, b64(a), SoftFloat.R_NEAREST), "nearest " + w);
        same32((float) x, SoftFloat.convert(f, SoftFloat.F32, b64(a)), "demote " + w);
        if (!Double.isNaN(x) && !Double.isInfinite(x)) {
            BigInteger t = new BigDecimal(x).toBigInteger();
            assertEquals(t, SoftFloat.toIntTrunc(f, b64(a)), "trunc " + w);
        }
    }

    @Property(tries = 2000)
    void intToFloatIsCorrectlyRounded(@ForAll long v) {
        BigInteger b = BigInteger.valueOf(v);
        same64((double) v, SoftFloat.fromInt(SoftFloat.F64, b), "i64->f64 " + v);
        same32((float) v, SoftFloat.fromInt(SoftFloat.F32, b), "i64->f32 " + v);
    }

    /** f16 arithmetic through float is correctly rounded (24 >= 2*11+2), so it is an oracle for the soft path. */
    @Property(tries = 3000)
    void softF16MatchesFloatOracle(@ForAll short a, @ForAll short b) {
        float x = Float.float16ToFloat(a), y = Float.float16ToFloat(b);
        BigInteger ba = BigInteger.valueOf(a & 0xffff), bb = BigInteger.valueOf(b & 0xffff);
        var f = SoftFloat.F16;
        check16(x + y, SoftFloat.add(f, ba, bb), "add");
        check16(x - y, SoftFloat.sub(f, ba, bb), "sub");
        check16(x * y, SoftFloat.mul(f, ba, bb), "mul");
        check16(x / y, SoftFloat.div(f, ba, bb), "div");
        check16((float) Math.sqrt(x), SoftFloat.sqrt(f, ba), "sqrt");
        // Demoting straight from the exact f32 value must match Java's own rounding.
        check16(x, SoftFloat.convert(SoftFloat.F32, f, b32(Float.floatToRawIntBits(x))), "convert");
    }

    private static void check16(float expected, BigInteger actual, String what) {
        if (Float.isNaN(expected)) {
            assertEquals(true, SoftFloat.isNaN(SoftFloat.F16, actual), what);
        } else {
            assertEquals(Float.floatToFloat16(expected) & 0xffff, actual.intValue(), what + " " + expected);
        }
    }

    @Test
    void f128Basics() {
        var f = SoftFloat.F128;
        BigInteger one = SoftFloat.fromInt(f, BigInteger.ONE), three = SoftFloat.fromInt(f, BigInteger.valueOf(3));
        assertEquals("3fff0000000000000000000000000000", one.toString(16));
        BigInteger third = SoftFloat.div(f, one, three);
        assertEquals("3ffd5555555555555555555555555555", third.toString(16));
        assertEquals(one, SoftFloat.roundInt(f, SoftFloat.mul(f, third, three), SoftFloat.R_NEAREST));
        BigInteger two = SoftFloat.fromInt(f, BigInteger.TWO);
        BigInteger r2 = SoftFloat.sqrt(f, two);
        assertEquals("3fff6a09e667f3bcc908b2fb1366ea95", r2.toString(16)); // sqrt(2) in binary128
        assertEquals(-1, SoftFloat.compare(f, one, two));
    }

    @Test
    void fminFmaxFollowCranelift() {
        long pz = 0, nz = 0x80000000L, one = 0x3f800000L, nan = 0x7fc00001L, snan = 0x7f800001L;
        assertEquals(nz, FloatOps.bin(FloatOps.FMIN, pz, nz, 32));
        assertEquals(nz, FloatOps.bin(FloatOps.FMIN, nz, pz, 32));
        assertEquals(pz, FloatOps.bin(FloatOps.FMAX, nz, pz, 32));
        assertEquals(nan, FloatOps.bin(FloatOps.FMIN, one, nan, 32));
        assertEquals(0x7fc00001L, FloatOps.bin(FloatOps.FMAX, snan, one, 32)); // quieted
        assertEquals(FloatOps.F32_CANON, FloatOps.bin(FloatOps.FSUB, 0x7f800000L, 0x7f800000L, 32));
        assertEquals(0x40000000L, FloatOps.unary(FloatOps.NEAREST, 0x40200000L, 32)); // 2.5 -> 2
        assertEquals(0x40800000L, FloatOps.unary(FloatOps.NEAREST, 0x40600000L, 32)); // 3.5 -> 4
        assertEquals(0x80000000L, FloatOps.unary(FloatOps.CEIL, 0xbf000000L, 32)); // ceil(-0.5) = -0
        assertEquals(true, FloatOps.cond(FloatCC.UNO, FloatOps.cmp(nan, one, 32)));
        assertEquals(false, FloatOps.cond(FloatCC.NE, FloatOps.cmp(nz, pz, 32)));
    }
}
