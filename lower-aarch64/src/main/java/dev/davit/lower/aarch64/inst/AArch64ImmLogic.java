package dev.davit.lower.aarch64.inst;

/**
 * A bitmask immediate of the logical instructions (Arm ARM C6.2 AND (immediate)): a run of ones
 * rotated within an element of 2, 4, 8, 16, 32 or 64 bits and replicated across the register,
 * encoded as {@code N:immr:imms}. All-zeros and all-ones are not encodable; neither is anything
 * that is not such a replicated rotated run, and {@link #maybeFrom} answers null for those.
 *
 * @param value the value at the operand size (a 32-bit value zero-extended)
 */
public record AArch64ImmLogic(long value, int n, int immr, int imms, AArch64Size size) {
    public AArch64ImmLogic {
        if (size == AArch64Size.S32 && (n != 0 || (value >>> 32) != 0)) {
            throw new IllegalArgumentException("32-bit bitmask immediate needs N = 0 and a 32-bit value");
        }
        if (decode(n, immr, imms, size) != value) {
            throw new IllegalArgumentException("N:immr:imms does not encode " + Long.toHexString(value));
        }
    }

    /** The 13-bit {@code N:immr:imms} field as it sits in bits 22..10 of the instruction. */
    public int bits() {
        return n << 12 | immr << 6 | imms;
    }

    public static boolean isEncodable(long value, AArch64Size size) {
        return encode(size.mask(value), size) >= 0;
    }

    /**
     * The encoding of {@code value} (taken at the operand size), or null if it is no bitmask
     * immediate.
     */
    public static AArch64ImmLogic maybeFrom(long value, AArch64Size size) {
        long v = size.mask(value);
        int enc = encode(v, size);
        if (enc < 0) {
            return null;
        }
        return new AArch64ImmLogic(v, enc >>> 12, (enc >>> 6) & 63, enc & 63, size);
    }

    /**
     * {@code N:immr:imms}, or -1. The element size is the smallest period of the value; within an
     * element the value must be a rotated run of ones, whose length and rotation give imms and immr.
     */
    static int encode(long value, AArch64Size size) {
        int regBits = size.bits();
        long regMask = size == AArch64Size.S64 ? -1L : 0xFFFF_FFFFL;
        if (value == 0 || value == regMask || (value & ~regMask) != 0) {
            return -1;
        }
        int esize = regBits;
        while (esize > 2) {
            int half = esize / 2;
            long m = (1L << half) - 1;
            if ((value & m) != ((value >>> half) & m)) {
                break;
            }
            esize = half;
        }
        long emask = esize == 64 ? -1L : (1L << esize) - 1;
        long elt = value & emask;
        // Rotate the element right until its run of ones starts at bit 0: that rotation is immr.
        int ones = Long.bitCount(elt);
        long run = ones == 64 ? -1L : (1L << ones) - 1;
        for (int r = 0; r < esize; r++) {
            // rotl(run, r) within esize bits
            long rot = r == 0 ? run : ((run << r) | (run >>> (esize - r))) & emask;
            if (rot == elt) {
                int immr = r == 0 ? 0 : esize - r;
                // imms: high bits mark the element size (Arm ARM J1 DecodeBitMasks), low bits ones-1.
                int imms = ((~(esize - 1) << 1) & 0x3F) | (ones - 1);
                int n = esize == 64 ? 1 : 0;
                return n << 12 | (immr & (esize - 1)) << 6 | imms;
            }
        }
        return -1;
    }

    /**
     * The value {@code N:immr:imms} stands for at the operand size, or 0 if the combination is
     * reserved (Arm ARM DecodeBitMasks with immediate = TRUE).
     */
    public static long decode(int n, int immr, int imms, AArch64Size size) {
        int combined = n << 6 | (~imms & 0x3F);
        if ((combined & 0x7F) == 0) {
            return 0;
        }
        int len = 31 - Integer.numberOfLeadingZeros(combined);
        if (len < 1) {
            return 0;
        }
        if (size == AArch64Size.S32 && n != 0) {
            return 0;
        }
        int esize = 1 << len;
        int levels = esize - 1;
        int s = imms & levels;
        int r = immr & levels;
        if (s == levels) {
            return 0;
        }
        long emask = esize == 64 ? -1L : (1L << esize) - 1;
        long welem = s + 1 == 64 ? -1L : (1L << (s + 1)) - 1;
        long elem = r == 0 ? welem : ((welem >>> r) | (welem << (esize - r))) & emask;
        long out = 0;
        for (int i = 0; i < 64; i += esize) {
            out |= elem << i;
        }
        return size.mask(out);
    }
}
