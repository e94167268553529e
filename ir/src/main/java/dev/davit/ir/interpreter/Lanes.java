package dev.davit.ir.interpreter;

/**
 * Lane access on a 128-bit value held as two longs, lane 0 in the low bits. Lanes are powers of
 * two no wider than 64 bits, so a lane never straddles the two halves.
 */
final class Lanes {
    private Lanes() {}

    static long get(long lo, long hi, int laneBits, int i) {
        int bit = i * laneBits;
        long v = bit >= 64 ? hi >>> (bit - 64) : lo >>> bit;
        return laneBits == 64 ? v : v & ((1L << laneBits) - 1);
    }

    /** The low half after setting lane {@code i} (which must lie in the low half) to {@code v}. */
    static long withLo(long lo, int laneBits, int i, long v) {
        int bit = i * laneBits;
        long m = laneBits == 64 ? -1L : (1L << laneBits) - 1;
        return (lo & ~(m << bit)) | ((v & m) << bit);
    }

    /** Byte-reverses every lane. */
    static long swapLo(long lo, long hi, int laneBits, boolean high) {
        long src = high ? hi : lo;
        if (laneBits >= 128) return Long.reverseBytes(high ? lo : hi);
        long out = 0;
        for (int bit = 0; bit < 64; bit += laneBits) {
            long v = laneBits == 64 ? src : (src >>> bit) & ((1L << laneBits) - 1);
            long s = Long.reverseBytes(v) >>> (64 - laneBits);
            out |= s << bit;
        }
        return out;
    }
}
