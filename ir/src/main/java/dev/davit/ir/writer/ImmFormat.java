package dev.davit.ir.writer;

import java.math.BigInteger;

/**
 * Cranelift's spellings of immediates, so printed text matches {@code cranelift-codegen} byte for
 * byte: small integers in decimal and large ones in {@code _}-grouped hex, offsets always signed,
 * floats as exact hex floats with a fixed number of digits per format, constants as big-endian hex.
 */
public final class ImmFormat {
    private ImmFormat() {}

    /** {@code 0x} then 16-bit groups separated by '_', the first group 4 digits wide. */
    public static void hex(StringBuilder sb, long x) {
        int pos = (64 - Long.numberOfLeadingZeros(x) - 1) & 0xf0;
        if (x == 0) pos = 0;
        sb.append("0x");
        group(sb, (x >>> pos) & 0xffff);
        while (pos > 0) {
            pos -= 16;
            sb.append('_');
            group(sb, (x >>> pos) & 0xffff);
        }
    }

    private static void group(StringBuilder sb, long g) {
        String s = Long.toHexString(g);
        for (int i = s.length(); i < 4; i++) sb.append('0');
        sb.append(s);
    }

    /** An {@code Imm64}: decimal below 10000 (so every negative number), hex otherwise. */
    public static void imm64(StringBuilder sb, long x) {
        if (x < 10_000) sb.append(x);
        else hex(sb, x);
    }

    /** An unsigned immediate ({@code Uimm32}, {@code Uimm64}): decimal below 10000, hex otherwise. */
    public static void uimm(StringBuilder sb, long x) {
        if (Long.compareUnsigned(x, 10_000) < 0) sb.append(x);
        else hex(sb, x);
    }

    /** An {@code Offset32}: nothing for 0, else always signed. */
    public static void offset32(StringBuilder sb, int off) {
        if (off == 0) return;
        sb.append(off < 0 ? '-' : '+');
        long v = Math.abs((long) off);
        if (v < 10_000) sb.append(v);
        else hex(sb, v);
    }

    /** {@code value} sign-extended from its low {@code bits} bits (no change for 64 or more). */
    public static long signExtend(long value, int bits) {
        if (bits <= 0 || bits >= 64) return value;
        return (value << (64 - bits)) >> (64 - bits);
    }

    /** Constant bytes (little-endian) as Cranelift's {@code ConstantData} prints them: {@code 0x} + big-endian hex. */
    public static void constantHex(StringBuilder sb, byte[] bytes) {
        if (bytes.length == 0) return;
        sb.append("0x");
        for (int i = bytes.length - 1; i >= 0; i--) {
            int b = bytes[i] & 0xff;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
    }

    public static String constantHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        constantHex(sb, bytes);
        return sb.toString();
    }

    public static void f16(StringBuilder sb, long bits) { floatBits(sb, bits & 0xffff, 0, 5, 10); }

    public static void f32(StringBuilder sb, long bits) { floatBits(sb, bits & 0xffff_ffffL, 0, 8, 23); }

    public static void f64(StringBuilder sb, long bits) { floatBits(sb, bits, 0, 11, 52); }

    public static void f128(StringBuilder sb, long lo, long hi) { floatBits(sb, lo, hi, 15, 112); }

    public static String f32(long bits) {
        StringBuilder sb = new StringBuilder();
        f32(sb, bits);
        return sb.toString();
    }

    public static String f64(long bits) {
        StringBuilder sb = new StringBuilder();
        f64(sb, bits);
        return sb.toString();
    }

    /**
     * An IEEE float with {@code w} exponent and {@code t} trailing-significand bits, as Cranelift's
     * {@code format_float}: {@code 0.0}, {@code 0x1.<t hex digits>p<exp>} for normals,
     * {@code 0x0.<digits>p<emin>} for subnormals, and {@code +Inf}, {@code +NaN},
     * {@code +NaN:0x<payload>}, {@code +sNaN:0x<payload>} (always signed) for the specials.
     */
    public static void floatBits(StringBuilder sb, long lo, long hi, int w, int t) {
        int digits = (t + 3) / 4;
        int pad = 4 * digits - t;
        int bias = (1 << (w - 1)) - 1;
        int emin = 1 - bias;
        if (t < 64) {
            long tBits = lo & ((1L << t) - 1);
            long eBits = (lo >>> t) & ((1L << w) - 1);
            boolean neg = ((lo >>> (w + t)) & 1) != 0;
            if (neg) sb.append('-');
            long maxE = (1L << w) - 1;
            if (eBits == 0) {
                if (tBits == 0) sb.append("0.0");
                else {
                    sb.append("0x0.");
                    hexDigits(sb, tBits << pad, digits);
                    sb.append('p').append(emin);
                }
            } else if (eBits == maxE) {
                special(sb, neg, tBits == 0, (tBits >>> (t - 1)) & 1, BigInteger.valueOf(tBits & ((1L << (t - 1)) - 1)));
            } else {
                sb.append("0x1.");
                hexDigits(sb, tBits << pad, digits);
                sb.append('p').append(eBits - bias);
            }
            return;
        }
        BigInteger all = new BigInteger(1, toBytes(hi, lo));
        BigInteger tBits = all.and(BigInteger.ONE.shiftLeft(t).subtract(BigInteger.ONE));
        long eBits = all.shiftRight(t).longValue() & ((1L << w) - 1);
        boolean neg = all.testBit(w + t);
        if (neg) sb.append('-');
        long maxE = (1L << w) - 1;
        if (eBits == 0) {
            if (tBits.signum() == 0) sb.append("0.0");
            else {
                sb.append("0x0.");
                bigHexDigits(sb, tBits.shiftLeft(pad), digits);
                sb.append('p').append(emin);
            }
        } else if (eBits == maxE) {
            special(sb, neg, tBits.signum() == 0, tBits.testBit(t - 1) ? 1 : 0,
                    tBits.and(BigInteger.ONE.shiftLeft(t - 1).subtract(BigInteger.ONE)));
        } else {
            sb.append("0x1.");
            bigHexDigits(sb, tBits.shiftLeft(pad), digits);
            sb.append('p').append(eBits - bias);
        }
    }

    private static void special(StringBuilder sb, boolean neg, boolean inf, long quiet, BigInteger payload) {
        // A sign is always written, so the reader never mistakes these for identifiers.
        if (!neg) sb.append('+');
        if (inf) sb.append("Inf");
        else if (quiet != 0) {
            sb.append("NaN");
            if (payload.signum() != 0) sb.append(":0x").append(payload.toString(16));
        } else {
            sb.append("sNaN:0x").append(payload.toString(16));
        }
    }

    private static byte[] toBytes(long hi, long lo) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    private static void hexDigits(StringBuilder sb, long v, int digits) {
        for (int i = digits - 1; i >= 0; i--) sb.append(Character.forDigit((int) ((v >>> (4 * i)) & 0xf), 16));
    }

    private static void bigHexDigits(StringBuilder sb, BigInteger v, int digits) {
        String s = v.toString(16);
        for (int i = s.length(); i < digits; i++) sb.append('0');
        sb.append(s);
    }
}
