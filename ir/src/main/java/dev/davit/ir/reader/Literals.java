package dev.davit.ir.reader;

import java.math.BigInteger;

/**
 * Decoding of number tokens with Cranelift's rules: which spellings each immediate kind accepts
 * and what ranges it allows ({@code Imm64}'s "range-and-a-half", sign-required offsets, hex floats
 * with exact significands, NaN payloads). Works on char ranges so the parser never cuts
 * substrings. Failures are reported as {@link Bad} with Cranelift's wording; the parser adds the
 * position.
 */
final class Literals {
    private Literals() {}

    /** A malformed literal; carries only a message (the caller knows where it was). */
    static final class Bad extends Exception {
        Bad(String message) { super(message, null, false, false); }
    }

    private static int digit(char c, int radix) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        return d < radix ? d : -1;
    }

    private static boolean startsWith(char[] s, int b, int e, String p) {
        if (e - b < p.length()) return false;
        for (int i = 0; i < p.length(); i++) if (s[b + i] != p.charAt(i)) return false;
        return true;
    }

    /** Cranelift's {@code parse_u64}: decimal or {@code 0x} hex, '_' allowed between digits. */
    static long parseU64(char[] s, int b, int e) throws Bad {
        long value = 0;
        int digits = 0;
        if (startsWith(s, b, e, "-0x")) throw new Bad("Invalid character in hexadecimal number");
        if (startsWith(s, b, e, "0x")) {
            for (int i = b + 2; i < e; i++) {
                int d = digit(s[i], 16);
                if (d < 0) {
                    if (s[i] != '_') throw new Bad("Invalid character in hexadecimal number");
                    continue;
                }
                if (++digits > 16) throw new Bad("Too many hexadecimal digits");
                value = (value << 4) | d;
            }
        } else {
            for (int i = b; i < e; i++) {
                int d = digit(s[i], 10);
                if (d < 0) {
                    if (s[i] != '_') throw new Bad("Invalid character in decimal number");
                    continue;
                }
                digits++;
                long hi = Math.unsignedMultiplyHigh(value, 10);
                long v = value * 10;
                if (hi != 0) throw new Bad("Too large decimal number");
                long sum = v + d;
                if (Long.compareUnsigned(sum, v) < 0) throw new Bad("Too large decimal number");
                value = sum;
            }
        }
        if (digits == 0) throw new Bad("No digits in number");
        return value;
    }

    /** Cranelift's {@code parse_i64}: an optional sign, then -2^63 .. 2^64-1 (as bits). */
    static long parseImm64(char[] s, int b, int e) throws Bad {
        boolean negative = b < e && s[b] == '-';
        int b2 = negative || (b < e && s[b] == '+') ? b + 1 : b;
        long value = parseU64(s, b2, e);
        if (negative) {
            value = -value;
            if (value > 0) throw new Bad("Negative number too small");
        }
        return value;
    }

    /** {@code Offset32}: the sign is required; range of i32. */
    static int parseOffset32(char[] s, int b, int e) throws Bad {
        if (b >= e || (s[b] != '-' && s[b] != '+')) throw new Bad("Offset must begin with sign");
        long x = parseImm64(s, b, e);
        if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) throw new Bad("Offset out of range");
        return (int) x;
    }

    /** {@code Uimm32}: 0 .. 2^32-1 written as an Imm64. */
    static long parseUimm32(char[] s, int b, int e) throws Bad {
        long x = parseImm64(s, b, e);
        if (x < 0 || x > 0xffff_ffffL) throw new Bad("Uimm32 out of range");
        return x;
    }

    /** A lane index or other {@code u8}: decimal or hex, no sign, no '_'. */
    static int parseUimm8(char[] s, int b, int e) throws Bad {
        boolean hex = startsWith(s, b, e, "0x");
        int radix = hex ? 16 : 10;
        int i = hex ? b + 2 : b;
        if (!hex && i < e && s[i] == '+') i++;
        if (i >= e) throw new Bad(hex ? "unable to parse u8 as a hexadecimal immediate" : "expected u8 decimal immediate");
        int v = 0;
        for (; i < e; i++) {
            int d = digit(s[i], radix);
            if (d < 0) throw new Bad(hex ? "unable to parse u8 as a hexadecimal immediate" : "expected u8 decimal immediate");
            v = v * radix + d;
            if (v > 255) throw new Bad(hex ? "unable to parse u8 as a hexadecimal immediate" : "expected u8 decimal immediate");
        }
        return v;
    }

    /**
     * A signed immediate of {@code bits} (8, 16 or 32) as run lines and lane lists write it: the
     * magnitude is read as unsigned (hex may contain '_'), then negated if signed; values above the
     * signed maximum wrap (so {@code 255} is a valid i8). Returns the value zero-extended from
     * {@code bits}.
     */
    static long parseSized(char[] s, int b, int e, int bits) throws Bad {
        boolean negative = b < e && s[b] == '-';
        boolean positive = b < e && s[b] == '+';
        int b2 = negative || positive ? b + 1 : b;
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        String uname = "u" + bits;
        long value;
        if (startsWith(s, b2, e, "0x")) {
            value = 0;
            int digits = 0;
            for (int i = b2 + 2; i < e; i++) {
                if (s[i] == '_') continue;
                int d = digit(s[i], 16);
                digits++;
                if (d < 0 || (value = (value << 4) | d) > max) {
                    throw new Bad("unable to parse '" + new String(s, b2 + 2, e - b2 - 2) + "' value as a hexadecimal "
                            + uname + " immediate");
                }
            }
            if (digits == 0) {
                throw new Bad("unable to parse '" + new String(s, b2 + 2, e - b2 - 2) + "' value as a hexadecimal "
                        + uname + " immediate");
            }
        } else {
            if (b2 >= e) throw new Bad("expected decimal immediate");
            value = 0;
            for (int i = b2; i < e; i++) {
                int d = digit(s[i], 10);
                if (d < 0) throw new Bad("expected decimal immediate");
                value = value * 10 + d;
                if (value > max) throw new Bad("expected decimal immediate");
            }
        }
        if (negative) {
            long neg = (-value) & max;
            long signBit = 1L << (bits - 1);
            // The negated value must not come out positive (e.g. -129 for i8).
            if (neg != 0 && (neg & signBit) == 0) throw new Bad("negative number too small");
            value = neg;
        }
        return value;
    }

    /** An i128 as run lines write it; returns {lo, hi}. */
    static long[] parseI128(char[] s, int b, int e) throws Bad {
        boolean negative = b < e && s[b] == '-';
        boolean positive = b < e && s[b] == '+';
        int b2 = negative || positive ? b + 1 : b;
        BigInteger v;
        if (startsWith(s, b2, e, "0x")) {
            StringBuilder sb = new StringBuilder();
            for (int i = b2 + 2; i < e; i++) if (s[i] != '_') sb.append(s[i]);
            if (sb.isEmpty()) {
                throw new Bad("unable to parse '" + new String(s, b2 + 2, e - b2 - 2) + "' value as a hexadecimal u128 immediate");
            }
            for (int i = 0; i < sb.length(); i++) {
                if (digit(sb.charAt(i), 16) < 0) {
                    throw new Bad("unable to parse '" + new String(s, b2 + 2, e - b2 - 2) + "' value as a hexadecimal u128 immediate");
                }
            }
            v = new BigInteger(sb.toString(), 16);
            if (v.bitLength() > 128) {
                throw new Bad("unable to parse '" + new String(s, b2 + 2, e - b2 - 2) + "' value as a hexadecimal u128 immediate");
            }
        } else {
            if (b2 >= e) throw new Bad("expected decimal immediate");
            for (int i = b2; i < e; i++) if (digit(s[i], 10) < 0) throw new Bad("expected decimal immediate");
            v = new BigInteger(new String(s, b2, e - b2));
            if (v.bitLength() > 128) throw new Bad("expected decimal immediate");
        }
        if (negative) {
            BigInteger neg = v.negate().and(MASK128);
            if (neg.signum() != 0 && !neg.testBit(127)) throw new Bad("negative number too small");
            v = neg;
        }
        return new long[] {v.longValue(), v.shiftRight(64).longValue()};
    }

    private static final BigInteger MASK128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /**
     * A hex byte string {@code 0x0102...} as a little-endian byte array (the last hex pair is byte
     * 0), as Cranelift's {@code ConstantData} reads it: an even number of digits, at most 32.
     */
    static byte[] parseHexConstant(char[] s, int b, int e) throws Bad {
        if (e - b <= 2 || !startsWith(s, b, e, "0x")) throw new Bad("Expected a hexadecimal string, e.g. 0x1234");
        int n = 0;
        for (int i = b + 2; i < e; i++) if (s[i] != '_') n++;
        if (n == 0) throw new Bad("Hexadecimal string must have some digits");
        if (n % 2 != 0) throw new Bad("Hexadecimal string must have an even number of digits");
        if (n > 32) throw new Bad("Hexadecimal string has too many digits to fit in a 128-bit vector");
        byte[] out = new byte[n / 2];
        int k = out.length - 1;
        int hiNibble = -1;
        for (int i = b + 2; i < e; i++) {
            if (s[i] == '_') continue;
            int d = digit(s[i], 16);
            if (d < 0) throw new Bad("Unable to parse as hexadecimal");
            if (hiNibble < 0) hiNibble = d;
            else {
                out[k--] = (byte) (hiNibble << 4 | d);
                hiNibble = -1;
            }
        }
        return out;
    }

    // =====================================================================================
    // Floats
    // =====================================================================================

    /**
     * Cranelift's {@code parse_float} for an IEEE format with {@code w} exponent bits and
     * {@code t} trailing significand bits: hexadecimal only ({@code 0x1.8p3}), plus {@code 0.0},
     * {@code Inf}, {@code NaN}, {@code NaN:0xPAYLOAD} and {@code sNaN:0xPAYLOAD}, each optionally
     * signed. The value must be exact. Returns the raw bits as {lo, hi}.
     */
    static long[] parseFloat(char[] s, int b, int e, int w, int t) throws Bad {
        boolean neg = false;
        if (b < e && (s[b] == '-' || s[b] == '+')) {
            neg = s[b] == '-';
            b++;
        }
        int signPos = w + t;
        if (!startsWith(s, b, e, "0x")) {
            long[] r;
            if (eq(s, b, e, "0.0")) r = new long[2];
            else if (eq(s, b, e, "Inf")) r = expMax(w, t);
            else if (eq(s, b, e, "NaN")) r = or(expMax(w, t), bit(t - 1));
            else if (startsWith(s, b, e, "NaN:0x")) {
                BigInteger p = hexPayload(s, b + 6, e, "Invalid NaN payload");
                if (p.bitLength() > t - 1) throw new Bad("Invalid NaN payload");
                r = or(or(expMax(w, t), bit(t - 1)), split(p));
            } else if (startsWith(s, b, e, "sNaN:0x")) {
                BigInteger p = hexPayload(s, b + 7, e, "Invalid sNaN payload");
                if (p.signum() == 0 || p.bitLength() > t - 1) throw new Bad("Invalid sNaN payload");
                r = or(expMax(w, t), split(p));
            } else throw new Bad("Float must be hexadecimal");
            if (neg) r = or(r, bit(signPos));
            return r;
        }
        int i = b + 2;
        int digits = 0;
        int digitsBeforePeriod = -1;
        long sigLong = 0;
        BigInteger sigBig = null;
        int exponent = 0;
        for (; i < e; i++) {
            char c = s[i];
            if (c == '.') {
                if (digitsBeforePeriod >= 0) throw new Bad("Multiple radix points");
                digitsBeforePeriod = digits;
            } else if (c == 'p') {
                exponent = parseExponent(s, i + 1, e);
                break;
            } else {
                int d = digit(c, 16);
                if (d < 0) throw new Bad("Invalid character");
                if (++digits > 32) throw new Bad("Too many digits");
                if (sigBig == null && digits > 15) sigBig = BigInteger.valueOf(sigLong);
                if (sigBig != null) sigBig = sigBig.shiftLeft(4).or(BigInteger.valueOf(d));
                else sigLong = (sigLong << 4) | d;
            }
        }
        if (digits == 0) throw new Bad("No digits");
        long signLo = neg && signPos < 64 ? 1L << signPos : 0;
        long signHi = neg && signPos >= 64 ? 1L << (signPos - 64) : 0;
        if (sigBig == null ? sigLong == 0 : sigBig.signum() == 0) return new long[] {signLo, signHi};
        if (digitsBeforePeriod >= 0) exponent -= 4 * (digits - digitsBeforePeriod);
        int bias = (1 << (w - 1)) - 1;
        int maxExp = (1 << w) - 2;
        if (sigBig == null && t <= 60) {
            int significantBits = 64 - Long.numberOfLeadingZeros(sigLong);
            if (significantBits > t + 1) {
                int adjust = significantBits - (t + 1);
                if ((sigLong & ((1L << adjust) - 1)) != 0) throw new Bad("Too many significant bits");
                sigLong >>>= adjust;
                exponent += adjust;
            } else {
                int adjust = t + 1 - significantBits;
                sigLong <<= adjust;
                exponent -= adjust;
            }
            long tBits = sigLong & ((1L << t) - 1);
            long exp = (long) exponent + bias + t;
            if (exp > maxExp) throw new Bad("Magnitude too large");
            if (exp > 0) return new long[] {signLo | (exp << t) | tBits, signHi};
            if (1 - exp <= t) {
                long adjust = 1 - exp;
                if ((sigLong & ((1L << adjust) - 1)) != 0) throw new Bad("Subnormal underflow");
                return new long[] {signLo | (sigLong >>> adjust), signHi};
            }
            throw new Bad("Magnitude too small");
        }
        BigInteger sig = sigBig != null ? sigBig : BigInteger.valueOf(sigLong);
        int significantBits = sig.bitLength();
        if (significantBits > t + 1) {
            int adjust = significantBits - (t + 1);
            if (sig.getLowestSetBit() < adjust) throw new Bad("Too many significant bits");
            sig = sig.shiftRight(adjust);
            exponent += adjust;
        } else {
            int adjust = t + 1 - significantBits;
            sig = sig.shiftLeft(adjust);
            exponent -= adjust;
        }
        BigInteger tBits = sig.subtract(BigInteger.ONE.shiftLeft(t));
        long exp = (long) exponent + bias + t;
        if (exp > maxExp) throw new Bad("Magnitude too large");
        BigInteger bits;
        if (exp > 0) bits = BigInteger.valueOf(exp).shiftLeft(t).or(tBits);
        else if (1 - exp <= t) {
            int adjust = (int) (1 - exp);
            if (sig.getLowestSetBit() < adjust) throw new Bad("Subnormal underflow");
            bits = sig.shiftRight(adjust);
        } else throw new Bad("Magnitude too small");
        long[] r = split(bits);
        r[0] |= signLo;
        r[1] |= signHi;
        return r;
    }

    private static int parseExponent(char[] s, int b, int e) throws Bad {
        // A decimal i16, optionally signed.
        int i = b;
        boolean neg = false;
        if (i < e && (s[i] == '-' || s[i] == '+')) {
            neg = s[i] == '-';
            i++;
        }
        if (i >= e) throw new Bad("Bad exponent");
        int v = 0;
        for (; i < e; i++) {
            int d = digit(s[i], 10);
            if (d < 0) throw new Bad("Bad exponent");
            v = v * 10 + d;
            if (v > 32768) throw new Bad("Bad exponent");
        }
        if (neg) v = -v;
        if (v > Short.MAX_VALUE || v < Short.MIN_VALUE) throw new Bad("Bad exponent");
        return v;
    }

    private static boolean eq(char[] s, int b, int e, String x) {
        return e - b == x.length() && startsWith(s, b, e, x);
    }

    private static BigInteger hexPayload(char[] s, int b, int e, String msg) throws Bad {
        if (b >= e || e - b > 32) throw new Bad(msg);
        for (int i = b; i < e; i++) if (digit(s[i], 16) < 0) throw new Bad(msg);
        return new BigInteger(new String(s, b, e - b), 16);
    }

    private static long[] bit(int n) {
        return n < 64 ? new long[] {1L << n, 0} : new long[] {0, 1L << (n - 64)};
    }

    private static long[] or(long[] a, long[] b) {
        return new long[] {a[0] | b[0], a[1] | b[1]};
    }

    private static long[] split(BigInteger v) {
        return new long[] {v.longValue(), v.shiftRight(64).longValue()};
    }

    /** The all-ones exponent field. */
    private static long[] expMax(int w, int t) {
        BigInteger m = BigInteger.ONE.shiftLeft(w).subtract(BigInteger.ONE).shiftLeft(t);
        return split(m);
    }
}
