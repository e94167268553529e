package dev.davit.ir.interpreter;

import dev.davit.ir.IntCC;
import dev.davit.ir.TrapCode;

/**
 * Integer lane operations for widths of 8 to 64 bits. Values come in zero-extended to their width
 * and results go out the same way, so one implementation serves scalars and every vector lane.
 */
final class IntOps {
    private IntOps() {}

    // binary operations
    static final int ADD = 0, SUB = 1, MUL = 2, UMULHI = 3, SMULHI = 4, UDIV = 5, SDIV = 6, UREM = 7, SREM = 8,
            AND = 9, OR = 10, XOR = 11, ANDN = 12, ORN = 13, XORN = 14, SHL = 15, USHR = 16, SSHR = 17,
            ROTL = 18, ROTR = 19, SMIN = 20, SMAX = 21, UMIN = 22, UMAX = 23, UADDSAT = 24, SADDSAT = 25,
            USUBSAT = 26, SSUBSAT = 27, AVGR = 28, SQMULRS = 29, PMULHRSW = 30, RSUB = 31;
    // unary operations
    static final int NEG = 0, ABS = 1, NOT = 2, CLZ = 3, CLS = 4, CTZ = 5, POPCNT = 6, BITREV = 7, BSWAP = 8,
            BMASK = 9;

    static long mask(int bits) { return bits >= 64 ? -1L : (1L << bits) - 1; }

    static long sx(long v, int bits) { return bits >= 64 ? v : (v << (64 - bits)) >> (64 - bits); }

    static long smin(int bits) { return 1L << (bits - 1) | (bits == 64 ? 0 : ~mask(bits)); }

    static long smax(int bits) { return mask(bits - 1); }

    static long bin(int op, long a, long b, int bits) {
        long m = mask(bits);
        switch (op) {
            case ADD: return (a + b) & m;
            case SUB: return (a - b) & m;
            case RSUB: return (b - a) & m;
            case MUL: return (a * b) & m;
            case UMULHI:
                if (bits == 64) return Math.unsignedMultiplyHigh(a, b);
                return ((a * b) >>> bits) & m; // a, b < 2^32 so the product is exact
            case SMULHI:
                if (bits == 64) return Math.multiplyHigh(a, b);
                return ((sx(a, bits) * sx(b, bits)) >> bits) & m;
            case UDIV:
                if (b == 0) throw Trap.of(TrapCode.INTEGER_DIVISION_BY_ZERO);
                return Long.divideUnsigned(a, b);
            case UREM:
                if (b == 0) throw Trap.of(TrapCode.INTEGER_DIVISION_BY_ZERO);
                return Long.remainderUnsigned(a, b);
            case SDIV: {
                if (b == 0) throw Trap.of(TrapCode.INTEGER_DIVISION_BY_ZERO);
                long x = sx(a, bits), y = sx(b, bits);
                if (y == -1 && x == smin(bits)) throw Trap.of(TrapCode.INTEGER_OVERFLOW);
                return (x / y) & m;
            }
            case SREM: {
                if (b == 0) throw Trap.of(TrapCode.INTEGER_DIVISION_BY_ZERO);
                long x = sx(a, bits), y = sx(b, bits);
                if (y == -1) return 0; // MIN % -1 is 0, not an overflow
                return (x % y) & m;
            }
            case AND: return a & b;
            case OR: return a | b;
            case XOR: return a ^ b;
            case ANDN: return a & ~b & m;
            case ORN: return (a | ~b) & m;
            case XORN: return (a ^ ~b) & m;
            case SHL: return (a << (b & (bits - 1))) & m;
            case USHR: return a >>> (b & (bits - 1));
            case SSHR: return (sx(a, bits) >> (b & (bits - 1))) & m;
            case ROTL: {
                int s = (int) (b & (bits - 1));
                return s == 0 ? a : ((a << s) | (a >>> (bits - s))) & m;
            }
            case ROTR: {
                int s = (int) (b & (bits - 1));
                return s == 0 ? a : ((a >>> s) | (a << (bits - s))) & m;
            }
            case SMIN: return sx(a, bits) <= sx(b, bits) ? a : b;
            case SMAX: return sx(a, bits) >= sx(b, bits) ? a : b;
            case UMIN: return Long.compareUnsigned(a, b) <= 0 ? a : b;
            case UMAX: return Long.compareUnsigned(a, b) >= 0 ? a : b;
            case UADDSAT: {
                long s = (a + b) & m;
                return Long.compareUnsigned(s, a) < 0 ? m : s;
            }
            case USUBSAT: return Long.compareUnsigned(a, b) < 0 ? 0 : a - b;
            case SADDSAT: {
                long x = sx(a, bits), y = sx(b, bits);
                long r = x + y;
                if (bits == 64) {
                    if (((x ^ r) & (y ^ r)) < 0) r = x < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
                } else {
                    r = Math.max(smin(bits), Math.min(smax(bits), r));
                }
                return r & m;
            }
            case SSUBSAT: {
                long x = sx(a, bits), y = sx(b, bits);
                long r = x - y;
                if (bits == 64) {
                    if (((x ^ y) & (x ^ r)) < 0) r = x < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
                } else {
                    r = Math.max(smin(bits), Math.min(smax(bits), r));
                }
                return r & m;
            }
            case AVGR: {
                // (a + b + 1) >> 1 without losing the carry out of the lane
                return ((a >>> 1) + (b >>> 1) + ((a | b) & 1)) & m;
            }
            case SQMULRS: {
                if (bits > 32) throw new InterpreterException("sqmul_round_sat on " + bits + "-bit lanes");
                long p = sx(a, bits) * sx(b, bits);
                long r = (p + (1L << (bits - 2))) >> (bits - 1);
                return Math.max(smin(bits), Math.min(smax(bits), r)) & m;
            }
            case PMULHRSW: {
                long p = sx(a, bits) * sx(b, bits);
                return (((p >> (bits - 2)) + 1) >> 1) & m;
            }
            default: throw new IllegalArgumentException("int op " + op);
        }
    }

    static long unary(int op, long a, int bits) {
        long m = mask(bits);
        switch (op) {
            case NEG: return -a & m;
            case ABS: {
                long x = sx(a, bits);
                return (x < 0 ? -x : x) & m;
            }
            case NOT: return ~a & m;
            case CLZ: return Long.numberOfLeadingZeros(a) - (64 - bits);
            case CLS: {
                long x = sx(a, bits);
                long y = x < 0 ? ~x : x;
                return Long.numberOfLeadingZeros(y) - (64 - bits) - 1;
            }
            case CTZ: return a == 0 ? bits : Long.numberOfTrailingZeros(a);
            case POPCNT: return Long.bitCount(a);
            case BITREV: return Long.reverse(a) >>> (64 - bits);
            case BSWAP: return Long.reverseBytes(a) >>> (64 - bits);
            case BMASK: return a != 0 ? m : 0;
            default: throw new IllegalArgumentException("int unary op " + op);
        }
    }

    static boolean icmp(IntCC cc, long a, long b, int bits) {
        return switch (cc) {
            case EQ -> a == b;
            case NE -> a != b;
            case SLT -> sx(a, bits) < sx(b, bits);
            case SGE -> sx(a, bits) >= sx(b, bits);
            case SGT -> sx(a, bits) > sx(b, bits);
            case SLE -> sx(a, bits) <= sx(b, bits);
            case ULT -> Long.compareUnsigned(a, b) < 0;
            case UGE -> Long.compareUnsigned(a, b) >= 0;
            case UGT -> Long.compareUnsigned(a, b) > 0;
            case ULE -> Long.compareUnsigned(a, b) <= 0;
        };
    }
}
