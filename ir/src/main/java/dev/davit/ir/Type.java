package dev.davit.ir;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A CLIF value type: a scalar integer or float, a fixed SIMD vector of those lanes, or a dynamic
 * vector ({@code i32x4xN}). Types are interned, so {@code ==} is equality, and each carries a dense
 * {@link #code()} for use as an array index or in canonical bytes.
 */
public final class Type {
    /** Lane kinds. */
    public static final int KIND_INT = 0, KIND_FLOAT = 1;

    private static final ConcurrentHashMap<Integer, Type> INTERNED = new ConcurrentHashMap<>();

    private final int code;
    private final int laneKind;
    private final int laneBits;
    private final int lanes;
    private final boolean dynamic;
    private final String name;

    public static final Type I8 = scalar(KIND_INT, 8);
    public static final Type I16 = scalar(KIND_INT, 16);
    public static final Type I32 = scalar(KIND_INT, 32);
    public static final Type I64 = scalar(KIND_INT, 64);
    public static final Type I128 = scalar(KIND_INT, 128);
    public static final Type F16 = scalar(KIND_FLOAT, 16);
    public static final Type F32 = scalar(KIND_FLOAT, 32);
    public static final Type F64 = scalar(KIND_FLOAT, 64);
    public static final Type F128 = scalar(KIND_FLOAT, 128);

    private Type(int laneKind, int laneBits, int lanes, boolean dynamic) {
        this.laneKind = laneKind;
        this.laneBits = laneBits;
        this.lanes = lanes;
        this.dynamic = dynamic;
        // code: bit 0 kind, bits 1-3 log2(laneBits)-3, bits 4-11 log2(lanes), bit 12 dynamic
        this.code = laneKind | (Integer.numberOfTrailingZeros(laneBits) - 3) << 1
                | Integer.numberOfTrailingZeros(lanes) << 4 | (dynamic ? 1 << 12 : 0);
        String lane = (laneKind == KIND_INT ? "i" : "f") + laneBits;
        this.name = lanes == 1 && !dynamic ? lane : lane + "x" + lanes + (dynamic ? "xN" : "");
    }

    private static Type make(int kind, int laneBits, int lanes, boolean dynamic) {
        if (Integer.bitCount(laneBits) != 1 || laneBits < 8 || laneBits > 128)
            throw new IllegalArgumentException("bad lane width " + laneBits);
        if (Integer.bitCount(lanes) != 1 || lanes > 256)
            throw new IllegalArgumentException("bad lane count " + lanes);
        int key = kind | laneBits << 1 | lanes << 9 | (dynamic ? 1 << 20 : 0);
        return INTERNED.computeIfAbsent(key, k -> new Type(kind, laneBits, lanes, dynamic));
    }

    private static Type scalar(int kind, int bits) {
        return make(kind, bits, 1, false);
    }

    /** The integer scalar type of the given width, or null. */
    public static Type intType(int bits) {
        return switch (bits) {
            case 8 -> I8; case 16 -> I16; case 32 -> I32; case 64 -> I64; case 128 -> I128;
            default -> null;
        };
    }

    /** The float scalar type of the given width, or null. */
    public static Type floatType(int bits) {
        return switch (bits) {
            case 16 -> F16; case 32 -> F32; case 64 -> F64; case 128 -> F128;
            default -> null;
        };
    }

    /** A fixed vector of {@code lanes} lanes of this scalar type, or null if not a valid CLIF type. */
    public Type by(int lanes) {
        if (!isScalar() || Integer.bitCount(lanes) != 1 || laneBits * lanes > 8192 || lanes > 256) return null;
        return make(laneKind, laneBits, this.lanes * lanes, false);
    }

    /** The dynamic vector type whose minimum form is this fixed vector, or null. */
    public Type toDynamic() {
        if (dynamic || lanes == 1) return null;
        return make(laneKind, laneBits, lanes, true);
    }

    /** The fixed vector a dynamic type scales, or null for a fixed type. */
    public Type dynamicToVector() {
        return dynamic ? make(laneKind, laneBits, lanes, false) : null;
    }

    /** Parses a type name such as {@code i32}, {@code f32x4} or {@code i8x16xN}; null if it is not one. */
    public static Type parse(String s) {
        int n = s.length();
        if (n < 2) return null;
        char k = s.charAt(0);
        if (k != 'i' && k != 'f') return null;
        int i = 1;
        int bits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            bits = bits * 10 + (s.charAt(i++) - '0');
            if (bits > 1000) return null;
        }
        if (i == 1) return null;
        Type lane = k == 'i' ? intType(bits) : floatType(bits);
        if (lane == null) return null;
        if (i == n) return lane;
        if (s.charAt(i) != 'x') return null;
        i++;
        int lanes = 0;
        int start = i;
        while (i < n && Character.isDigit(s.charAt(i))) {
            lanes = lanes * 10 + (s.charAt(i++) - '0');
            if (lanes > 100000) return null;
        }
        if (i == start) return null;
        Type vec = lane.by(lanes);
        if (vec == null || vec.lanes < 2) return null;
        if (i == n) return vec;
        if (s.substring(i).equals("xN")) return vec.toDynamic();
        return null;
    }

    public int code() { return code; }
    public int laneBits() { return laneBits; }
    public int lanes() { return lanes; }
    public int bits() { return laneBits * lanes; }
    public int bytes() { return bits() / 8; }
    public boolean isInt() { return laneKind == KIND_INT && lanes == 1 && !dynamic; }
    public boolean isFloat() { return laneKind == KIND_FLOAT && lanes == 1 && !dynamic; }
    public boolean isScalar() { return lanes == 1 && !dynamic; }
    public boolean isVector() { return lanes > 1 && !dynamic; }
    public boolean isDynamic() { return dynamic; }
    public boolean hasIntLanes() { return laneKind == KIND_INT; }
    public boolean hasFloatLanes() { return laneKind == KIND_FLOAT; }

    /** The type of one lane. */
    public Type laneType() { return make(laneKind, laneBits, 1, false); }

    /** Same shape with integer lanes of the same width. */
    public Type asInt() { return make(KIND_INT, laneBits, lanes, dynamic); }

    /** The type a comparison of this type produces: i8 for scalars, same-shape integer lanes for vectors. */
    public Type asTruthy() { return isScalar() ? I8 : asInt(); }

    /** Same lane count, half the lane width; null below 8 bits or for floats narrower than f16. */
    public Type halfWidth() {
        if (laneBits == 8 || (laneKind == KIND_FLOAT && laneBits == 16)) return null;
        return make(laneKind, laneBits / 2, lanes, dynamic);
    }

    /** Same lane count, double the lane width; null above 128 bits. */
    public Type doubleWidth() {
        if (laneBits == 128) return null;
        return make(laneKind, laneBits * 2, lanes, dynamic);
    }

    /** Half as many lanes; null for scalars. */
    public Type halfVector() { return lanes < 2 ? null : make(laneKind, laneBits, lanes / 2, dynamic); }

    /** Twice as many lanes; null if too wide. */
    public Type doubleVector() {
        if (laneBits * lanes * 2 > 8192 || lanes * 2 > 256) return null;
        return make(laneKind, laneBits, lanes * 2, dynamic);
    }

    /** Half the lane width, twice as many lanes (same total width). */
    public Type splitLanes() {
        Type h = halfWidth();
        return h == null ? null : h.doubleVector();
    }

    /** Double the lane width, half as many lanes (same total width). */
    public Type mergeLanes() {
        Type d = doubleWidth();
        return d == null || lanes < 2 ? null : d.halfVector();
    }

    @Override
    public String toString() { return name; }
}
