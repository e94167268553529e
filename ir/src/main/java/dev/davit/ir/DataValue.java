package dev.davit.ir;

/**
 * A concrete value of a CLIF type, up to 128 bits: integers (i8..i128), floats (f16..f128, as raw
 * IEEE bits) and vectors up to 128 bits (lanes packed little-endian: lane 0 in the low bits). Used
 * by run lines, the interpreter and compiled-code calls.
 *
 * @param type the CLIF type
 * @param lo   bits 0..63 (narrower values are kept zero-extended to their width)
 * @param hi   bits 64..127
 */
public record DataValue(Type type, long lo, long hi) {
    public DataValue {
        int bits = type.bits();
        if (bits > 128) throw new IllegalArgumentException("values wider than 128 bits are not supported: " + type);
        if (bits < 64) { lo &= (1L << bits) - 1; hi = 0; }
        else if (bits == 64) hi = 0;
    }

    public static DataValue ofInt(Type t, long v) { return new DataValue(t, v, t.bits() > 64 ? v >> 63 : 0); }

    public static DataValue ofI128(long lo, long hi) { return new DataValue(Type.I128, lo, hi); }

    public static DataValue ofF32(float f) { return new DataValue(Type.F32, Float.floatToRawIntBits(f) & 0xffffffffL, 0); }

    public static DataValue ofF64(double d) { return new DataValue(Type.F64, Double.doubleToRawLongBits(d), 0); }

    /** The value sign-extended from its width to 64 bits (integers; low 64 bits of i128). */
    public long signed() {
        int bits = type.bits();
        return bits >= 64 ? lo : (lo << (64 - bits)) >> (64 - bits);
    }

    /** The value zero-extended to 64 bits. */
    public long unsigned() { return lo; }

    public float asF32() { return Float.intBitsToFloat((int) lo); }

    public double asF64() { return Double.longBitsToDouble(lo); }

    /** Lane {@code i} of a vector, as a DataValue of the lane type. */
    public DataValue lane(int i) {
        int lb = type.laneBits();
        int bit = i * lb;
        long l, h = 0;
        if (lb == 128) { l = lo; h = hi; }
        else if (bit >= 64) l = hi >>> (bit - 64);
        else {
            l = lo >>> bit;
            if (bit + lb > 64 && bit > 0) l |= hi << (64 - bit);
        }
        return new DataValue(type.laneType(), l, h);
    }

    /** Builds a vector of type {@code t} from its lanes (lane 0 first). */
    public static DataValue ofLanes(Type t, DataValue[] lanes) {
        int lb = t.laneBits();
        long lo = 0, hi = 0;
        for (int i = 0; i < lanes.length; i++) {
            long v = lb == 64 ? lanes[i].lo : lb == 128 ? lanes[i].lo : lanes[i].lo & ((1L << lb) - 1);
            int bit = i * lb;
            if (lb == 128) { lo = lanes[i].lo; hi = lanes[i].hi; }
            else if (bit >= 64) hi |= v << (bit - 64);
            else lo |= v << bit;
        }
        return new DataValue(t, lo, hi);
    }

    /** Bitwise equality (floats compare by bits; NaN payloads matter). */
    public boolean bitsEqual(DataValue o) { return type == o.type && lo == o.lo && hi == o.hi; }
}
