package dev.davit.ir.interpreter;

import dev.davit.ir.IntCC;
import dev.davit.ir.TrapCode;
import java.math.BigInteger;

/**
 * 128-bit integer operations. A scratch accumulator: each operation leaves its result in
 * {@link #lo}/{@link #hi}, so the common ones allocate nothing; the rare ones (division, high
 * multiplies, saturation) go through BigInteger.
 */
final class Wide {
    long lo, hi;

    private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

    static BigInteger unsigned(long lo, long hi) {
        BigInteger l = BigInteger.valueOf(lo & Long.MAX_VALUE);
        if (lo < 0) l = l.setBit(63);
        return BigInteger.valueOf(hi).shiftLeft(64).add(l).add(hi < 0 ? TWO64.shiftLeft(64) : BigInteger.ZERO);
    }

    static BigInteger signed(long lo, long hi) {
        BigInteger l = BigInteger.valueOf(lo & Long.MAX_VALUE);
        if (lo < 0) l = l.setBit(63);
        return BigInteger.valueOf(hi).shiftLeft(64).add(l);
    }

    /** Sets the result to {@code v} modulo 2^128. */
    void set(BigInteger v) {
        lo = v.longValue();
        hi = v.shiftRight(64).longValue();
    }

    void bin(int op, long al, long ah, long bl, long bh) {
        switch (op) {
            case IntOps.ADD -> { lo = al + bl; hi = ah + bh + (Long.compareUnsigned(lo, al) < 0 ? 1 : 0); }
            case IntOps.SUB -> { lo = al - bl; hi = ah - bh - (Long.compareUnsigned(al, bl) < 0 ? 1 : 0); }
            case IntOps.RSUB -> bin(IntOps.SUB, bl, bh, al, ah);
            case IntOps.MUL -> {
                lo = al * bl;
                hi = Math.unsignedMultiplyHigh(al, bl) + al * bh + ah * bl;
            }
            case IntOps.AND -> { lo = al & bl; hi = ah & bh; }
            case IntOps.OR -> { lo = al | bl; hi = ah | bh; }
            case IntOps.XOR -> { lo = al ^ bl; hi = ah ^ bh; }
            case IntOps.ANDN -> { lo = al & ~bl; hi = ah & ~bh; }
            case IntOps.ORN -> { lo = al | ~bl; hi = ah | ~bh; }
            case IntOps.XORN -> { lo = al ^ ~bl; hi = ah ^ ~bh; }
            case IntOps.SHL, IntOps.USHR, IntOps.SSHR, IntOps.ROTL, IntOps.ROTR -> shift(op, al, ah, (int) (bl & 127));
            case IntOps.SMIN -> pick(cmpSigned(al, ah, bl, bh) <= 0, al, ah, bl, bh);
            case IntOps.SMAX -> pick(cmpSigned(al, ah, bl, bh) >= 0, al, ah, bl, bh);
            case IntOps.UMIN -> pick(cmpUnsigned(al, ah, bl, bh) <= 0, al, ah, bl, bh);
            case IntOps.UMAX -> pick(cmpUnsigned(al, ah, bl, bh) >= 0, al, ah, bl, bh);
            case IntOps.UDIV, IntOps.UREM -> {
                if (bl == 0 && bh == 0) throw Trap.of(TrapCode.INTEGER_DIVISION_BY_ZERO);
                BigInteger[] qr = unsigned(al, ah).divideAndRemainder(unsigned(bl, bh));
                set(qr[op == IntOps.UDIV ? 0 : 1]);
            }
            case IntOps.SDIV, IntOps.SREM -> {
                if (bl == 0 && bh == 0) throw Trap.of(TrapCode.INTEGER_DIVISION_BY_ZERO);
                if (bl == -1 && bh == -1 && al == 0 && ah == Long.MIN_VALUE) {
                    if (op == IntOps.SDIV) throw Trap.of(TrapCode.INTEGER_OVERFLOW);
                    lo = 0; hi = 0;
                    return;
                }
                BigInteger[] qr = signed(al, ah).divideAndRemainder(signed(bl, bh));
                set(qr[op == IntOps.SDIV ? 0 : 1]);
            }
            case IntOps.UMULHI -> set(unsigned(al, ah).multiply(unsigned(bl, bh)).shiftRight(128));
            case IntOps.SMULHI -> set(signed(al, ah).multiply(signed(bl, bh)).shiftRight(128));
            case IntOps.UADDSAT, IntOps.USUBSAT -> {
                BigInteger r = op == IntOps.UADDSAT ? unsigned(al, ah).add(unsigned(bl, bh)) : unsigned(al, ah).subtract(unsigned(bl, bh));
                BigInteger max = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
                set(r.signum() < 0 ? BigInteger.ZERO : r.min(max));
            }
            case IntOps.SADDSAT, IntOps.SSUBSAT -> {
                BigInteger r = op == IntOps.SADDSAT ? signed(al, ah).add(signed(bl, bh)) : signed(al, ah).subtract(signed(bl, bh));
                BigInteger max = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
                set(r.max(max.negate().subtract(BigInteger.ONE)).min(max));
            }
            case IntOps.AVGR -> set(unsigned(al, ah).add(unsigned(bl, bh)).add(BigInteger.ONE).shiftRight(1));
            default -> throw new InterpreterException.Unsupported("integer operation " + op + " on i128");
        }
    }

    private void pick(boolean first, long al, long ah, long bl, long bh) {
        if (first) { lo = al; hi = ah; } else { lo = bl; hi = bh; }
    }

    void shift(int op, long al, long ah, int s) {
        switch (op) {
            case IntOps.SHL -> {
                if (s == 0) { lo = al; hi = ah; }
                else if (s < 64) { hi = ah << s | al >>> (64 - s); lo = al << s; }
                else { hi = al << (s - 64); lo = 0; }
            }
            case IntOps.USHR -> {
                if (s == 0) { lo = al; hi = ah; }
                else if (s < 64) { lo = al >>> s | ah << (64 - s); hi = ah >>> s; }
                else { lo = ah >>> (s - 64); hi = 0; }
            }
            case IntOps.SSHR -> {
                if (s == 0) { lo = al; hi = ah; }
                else if (s < 64) { lo = al >>> s | ah << (64 - s); hi = ah >> s; }
                else { lo = ah >> (s - 64); hi = ah >> 63; }
            }
            case IntOps.ROTL -> {
                if (s == 0) { lo = al; hi = ah; return; }
                shift(IntOps.SHL, al, ah, s);
                long l = lo, h = hi;
                shift(IntOps.USHR, al, ah, 128 - s);
                lo |= l; hi |= h;
            }
            default -> { // ROTR
                if (s == 0) { lo = al; hi = ah; return; }
                shift(IntOps.USHR, al, ah, s);
                long l = lo, h = hi;
                shift(IntOps.SHL, al, ah, 128 - s);
                lo |= l; hi |= h;
            }
        }
    }

    void unary(int op, long al, long ah) {
        switch (op) {
            case IntOps.NEG -> bin(IntOps.SUB, 0, 0, al, ah);
            case IntOps.ABS -> { if (ah < 0) bin(IntOps.SUB, 0, 0, al, ah); else { lo = al; hi = ah; } }
            case IntOps.NOT -> { lo = ~al; hi = ~ah; }
            case IntOps.CLZ -> { lo = ah != 0 ? Long.numberOfLeadingZeros(ah) : 64 + Long.numberOfLeadingZeros(al); hi = 0; }
            case IntOps.CLS -> {
                long l = ah < 0 ? ~al : al, h = ah < 0 ? ~ah : ah;
                lo = (h != 0 ? Long.numberOfLeadingZeros(h) : 64 + Long.numberOfLeadingZeros(l)) - 1;
                hi = 0;
            }
            case IntOps.CTZ -> { lo = al != 0 ? Long.numberOfTrailingZeros(al) : 64 + Long.numberOfTrailingZeros(ah); hi = 0; }
            case IntOps.POPCNT -> { lo = Long.bitCount(al) + Long.bitCount(ah); hi = 0; }
            case IntOps.BITREV -> { lo = Long.reverse(ah); hi = Long.reverse(al); }
            case IntOps.BSWAP -> { lo = Long.reverseBytes(ah); hi = Long.reverseBytes(al); }
            case IntOps.BMASK -> { lo = hi = (al | ah) != 0 ? -1L : 0; }
            default -> throw new InterpreterException.Unsupported("integer unary operation " + op + " on i128");
        }
    }

    static int cmpSigned(long al, long ah, long bl, long bh) {
        int c = Long.compare(ah, bh);
        return c != 0 ? c : Long.compareUnsigned(al, bl);
    }

    static int cmpUnsigned(long al, long ah, long bl, long bh) {
        int c = Long.compareUnsigned(ah, bh);
        return c != 0 ? c : Long.compareUnsigned(al, bl);
    }

    static boolean icmp(IntCC cc, long al, long ah, long bl, long bh) {
        return switch (cc) {
            case EQ -> al == bl && ah == bh;
            case NE -> al != bl || ah != bh;
            case SLT -> cmpSigned(al, ah, bl, bh) < 0;
            case SGE -> cmpSigned(al, ah, bl, bh) >= 0;
            case SGT -> cmpSigned(al, ah, bl, bh) > 0;
            case SLE -> cmpSigned(al, ah, bl, bh) <= 0;
            case ULT -> cmpUnsigned(al, ah, bl, bh) < 0;
            case UGE -> cmpUnsigned(al, ah, bl, bh) >= 0;
            case UGT -> cmpUnsigned(al, ah, bl, bh) > 0;
            case ULE -> cmpUnsigned(al, ah, bl, bh) <= 0;
        };
    }
}
