package dev.davit.ir.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.davit.ir.writer.ImmFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Immediate spellings: Cranelift's ranges and float syntax, and print/read agreement. */
class LiteralsTest {
    static long imm64(String s) throws Literals.Bad {
        return Literals.parseImm64(s.toCharArray(), 0, s.length());
    }

    static long f32(String s) throws Literals.Bad {
        return Literals.parseFloat(s.toCharArray(), 0, s.length(), 8, 23)[0];
    }

    static long f64(String s) throws Literals.Bad {
        return Literals.parseFloat(s.toCharArray(), 0, s.length(), 11, 52)[0];
    }

    static long[] f128(String s) throws Literals.Bad {
        return Literals.parseFloat(s.toCharArray(), 0, s.length(), 15, 112);
    }

    static String bad(org.junit.jupiter.api.function.Executable a) {
        return assertThrows(Literals.Bad.class, a).getMessage();
    }

    @Test
    void imm64RangeAndHalf() throws Literals.Bad {
        assertEquals(-1L, imm64("0xffff_ffff_ffff_ffff"));
        assertEquals(-1L, imm64("18446744073709551615"));
        assertEquals(Long.MIN_VALUE, imm64("-9223372036854775808"));
        assertEquals(1000L, imm64("1_000"));
        assertEquals(-16L, imm64("-0x10"));
        assertEquals(5L, imm64("+5"));
        assertEquals(0xBEEFL, imm64("0xBEEF"));
        assertEquals("Too large decimal number", bad(() -> imm64("18446744073709551616")));
        assertEquals("Negative number too small", bad(() -> imm64("-9223372036854775809")));
        assertEquals("Too many hexadecimal digits", bad(() -> imm64("0x1_0000_0000_0000_0000")));
        assertEquals("Invalid character in decimal number", bad(() -> imm64("12a")));
        assertEquals("No digits in number", bad(() -> imm64("0x")));
    }

    @Test
    void sizedIntegersWrapLikeCranelift() throws Literals.Bad {
        char[] s = "255".toCharArray();
        assertEquals(255, Literals.parseSized(s, 0, s.length, 8));
        char[] n = "-128".toCharArray();
        assertEquals(0x80, Literals.parseSized(n, 0, n.length, 8));
        char[] h = "0x00ff".toCharArray();
        assertEquals(0xff, Literals.parseSized(h, 0, h.length, 8));
        char[] w = "0xffff_ffff".toCharArray();
        assertEquals(0xffff_ffffL, Literals.parseSized(w, 0, w.length, 32));
        assertEquals("negative number too small", bad(() -> Literals.parseSized("-129".toCharArray(), 0, 4, 8)));
        assertEquals("unable to parse '100' value as a hexadecimal u8 immediate",
                bad(() -> Literals.parseSized("0x100".toCharArray(), 0, 5, 8)));
        long[] i128 = Literals.parseI128("-1".toCharArray(), 0, 2);
        assertArrayEquals(new long[] {-1, -1}, i128);
        long[] big = Literals.parseI128("170141183460469231731687303715884105727".toCharArray(), 0, 39);
        assertArrayEquals(new long[] {-1, Long.MAX_VALUE}, big);
    }

    @Test
    void offsetsNeedASign() throws Literals.Bad {
        assertEquals(8, Literals.parseOffset32("+8".toCharArray(), 0, 2));
        assertEquals(-4, Literals.parseOffset32("-4".toCharArray(), 0, 2));
        assertEquals("Offset must begin with sign", bad(() -> Literals.parseOffset32("8".toCharArray(), 0, 1)));
        assertEquals("Offset out of range", bad(() -> Literals.parseOffset32("+2147483648".toCharArray(), 0, 11)));
    }

    @Test
    void floatSpellings() throws Literals.Bad {
        assertEquals(Float.floatToRawIntBits(12.0f), (int) f32("0x1.8p3"));
        assertEquals(Float.floatToRawIntBits(52.0f), (int) f32("0x34.0p0"));
        assertEquals(Double.doubleToRawLongBits(4.0), f64("0x4.0p0"));
        assertEquals(Double.doubleToRawLongBits(256.0), f64("0x1.p8"));
        assertEquals(Double.doubleToRawLongBits(-1.0), f64("-0x1.0000000000000p0"));
        assertEquals(0x7fc0_0000, f32("NaN"));
        assertEquals(0xffc0_0000L, f32("-NaN"));
        assertEquals(0x7fc0_0001, f32("NaN:0x1"));
        assertEquals(0x7f80_0001, f32("+sNaN:0x1"));
        assertEquals(0x7f80_0000, f32("Inf"));
        assertEquals(0xff80_0000L, f32("-Inf"));
        assertEquals(0x8000_0000L, f32("-0.0"));
        assertEquals(0, f32("0x0.0"));
        assertEquals(1, f32("0x0.000002p-126"));
        assertEquals(Double.doubleToRawLongBits(Double.MIN_NORMAL), f64("0x1.p-1022"));
        assertArrayEquals(new long[] {0, 0x3fff_0000_0000_0000L}, f128("0x1.0p0"));
        assertArrayEquals(new long[] {0xbeef, 0xc0ffeeL}, f128("0x0.000000c0ffee000000000000beefp-16382"));
        assertEquals("Float must be hexadecimal", bad(() -> f32("1.5")));
        assertEquals("Too many significant bits", bad(() -> f32("0x1.000001p0")));
        assertEquals("Magnitude too large", bad(() -> f32("0x1.0p128")));
        assertEquals("Magnitude too small", bad(() -> f32("0x1.0p-150")));
        assertEquals("Subnormal underflow", bad(() -> f32("0x1.8p-149")));
        assertEquals("Invalid sNaN payload", bad(() -> f32("sNaN:0x0")));
        assertEquals("Invalid NaN payload", bad(() -> f32("NaN:0x400000")));
        assertEquals("Multiple radix points", bad(() -> f32("0x1.0.0")));
        assertEquals("Bad exponent", bad(() -> f32("0x1.0pz")));
    }

    @Test
    void floatPrinting() {
        assertEquals("0x1.000000p0", ImmFormat.f32(Float.floatToRawIntBits(1.0f)));
        assertEquals("0x1.0000000000000p2", ImmFormat.f64(Double.doubleToRawLongBits(4.0)));
        assertEquals("-0x1.800000p3", ImmFormat.f32(Float.floatToRawIntBits(-12.0f) & 0xffff_ffffL));
        assertEquals("0.0", ImmFormat.f32(0));
        assertEquals("-0.0", ImmFormat.f64(Long.MIN_VALUE));
        assertEquals("+NaN", ImmFormat.f64(0x7ff8_0000_0000_0000L));
        assertEquals("-NaN:0x1", ImmFormat.f32(0xffc0_0001L));
        assertEquals("+sNaN:0x1", ImmFormat.f32(0x7f80_0001L));
        assertEquals("+Inf", ImmFormat.f32(0x7f80_0000L));
        assertEquals("0x0.000002p-126", ImmFormat.f32(1));
        StringBuilder sb = new StringBuilder();
        ImmFormat.f16(sb, 0x3c00);
        assertEquals("0x1.000p0", sb.toString());
        sb.setLength(0);
        ImmFormat.f128(sb, 0, 0x3fff_0000_0000_0000L);
        assertEquals("0x1.0000000000000000000000000000p0", sb.toString());
    }

    @Test
    void integerPrinting() {
        assertEquals("9999", imm(9999));
        assertEquals("0x2710", imm(10_000));
        assertEquals("0x1234_5678", imm(0x1234_5678));
        assertEquals("0x0001_0000", imm(0x1_0000));
        assertEquals("-5", imm(-5));
        assertEquals("-9223372036854775808", imm(Long.MIN_VALUE));
        StringBuilder sb = new StringBuilder();
        ImmFormat.offset32(sb, -0x12345);
        assertEquals("-0x0001_2345", sb.toString());
        sb.setLength(0);
        ImmFormat.offset32(sb, 0);
        assertEquals("", sb.toString());
        assertEquals("0x0102030405", ImmFormat.constantHex(new byte[] {5, 4, 3, 2, 1}));
    }

    static String imm(long v) {
        StringBuilder sb = new StringBuilder();
        ImmFormat.imm64(sb, v);
        return sb.toString();
    }

    // Printing any bit pattern and reading it back gives the same bits, in every float format.

    @Property(tries = 2000)
    void f16RoundTrips(@ForAll short bits) throws Literals.Bad {
        StringBuilder sb = new StringBuilder();
        ImmFormat.f16(sb, bits & 0xffff);
        String s = sb.toString();
        assertEquals(bits & 0xffff, Literals.parseFloat(s.toCharArray(), 0, s.length(), 5, 10)[0], s);
    }

    @Property(tries = 3000)
    void f32RoundTrips(@ForAll int bits) throws Literals.Bad {
        String s = ImmFormat.f32(bits & 0xffff_ffffL);
        assertEquals(bits & 0xffff_ffffL, f32(s), s);
    }

    @Property(tries = 3000)
    void f64RoundTrips(@ForAll long bits) throws Literals.Bad {
        String s = ImmFormat.f64(bits);
        assertEquals(bits, f64(s), s);
    }

    @Property(tries = 2000)
    void f128RoundTrips(@ForAll long lo, @ForAll long hi) throws Literals.Bad {
        StringBuilder sb = new StringBuilder();
        ImmFormat.f128(sb, lo, hi);
        String s = sb.toString();
        assertArrayEquals(new long[] {lo, hi}, f128(s), s);
    }

    @Property(tries = 2000)
    void imm64RoundTrips(@ForAll long v) throws Literals.Bad {
        assertEquals(v, imm64(imm(v)));
    }

    @Property(tries = 1000)
    void floatsAgreeWithJava(@ForAll double d) throws Literals.Bad {
        assertEquals(Double.doubleToRawLongBits(d), f64(ImmFormat.f64(Double.doubleToRawLongBits(d))));
        if (Double.isFinite(d)) assertEquals(d, Double.longBitsToDouble(f64(Double.toHexString(d))));
    }
}
