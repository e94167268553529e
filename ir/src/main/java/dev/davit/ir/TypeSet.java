package dev.davit.ir;

/**
 * A set of types a type variable may take, as in Cranelift's {@code TypeSetBuilder}: a bitmask over
 * scalar lane types plus which shapes (scalar, fixed vector, dynamic vector) are allowed.
 * Written in the opcode table as {@code |}-joined atoms, e.g. {@code int|ivec}.
 */
public record TypeSet(int scalarLanes, int vectorLanes, int dynamicLanes, int minVectorBits) {
    // Lane bit positions: i8 i16 i32 i64 i128 f16 f32 f64 f128
    private static final int I8 = 1, I16 = 2, I32 = 4, I64 = 8, I128 = 16, F16 = 32, F32 = 64, F64 = 128, F128 = 256;
    private static final int INTS = I8 | I16 | I32 | I64 | I128, FLOATS = F16 | F32 | F64 | F128;

    static int laneBit(Type lane) {
        int log = Integer.numberOfTrailingZeros(lane.laneBits()) - 3; // 0..4
        return 1 << (lane.hasIntLanes() ? log : 5 + log - 1);
    }

    /** Whether {@code t} is in this set. */
    public boolean contains(Type t) {
        if (t.isDynamic()) return (dynamicLanes & laneBit(t)) != 0;
        if (t.isScalar()) return (scalarLanes & laneBit(t)) != 0;
        return (vectorLanes & laneBit(t)) != 0 && t.bits() >= minVectorBits && t.bits() <= 128 * 8;
    }

    /** Parses {@code atom|atom...}: int, float, ivec, fvec, vec, dynivec, dynfvec, dyn, any, iaddr, or a scalar type name; a lane-typed atom such as {@code i16vec} allows fixed and dynamic vectors of those lanes. */
    public static TypeSet parse(String spec) {
        int s = 0, v = 0, d = 0, min = 0;
        for (String atom : spec.split("\\|")) {
            switch (atom.trim()) {
                case "int" -> s |= INTS;
                case "float" -> s |= FLOATS;
                case "ivec" -> v |= INTS & ~I128;
                case "fvec" -> v |= F16 | F32 | F64;
                case "vec" -> v |= (INTS & ~I128) | F16 | F32 | F64;
                case "ivec128" -> { v |= INTS & ~I128; min = 128; }
                case "vec128" -> { v |= (INTS & ~I128) | F16 | F32 | F64; min = 128; }
                case "dynivec" -> d |= INTS & ~I128;
                case "dynfvec" -> d |= F16 | F32 | F64;
                case "dyn" -> d |= (INTS & ~I128) | F16 | F32 | F64;
                case "any" -> { s |= INTS | FLOATS; v |= (INTS & ~I128) | F16 | F32 | F64; d |= (INTS & ~I128) | F16 | F32 | F64; }
                case "iaddr" -> s |= I32 | I64;
                case "i8" -> s |= I8;
                case "i16" -> s |= I16;
                case "i32" -> s |= I32;
                case "i64" -> s |= I64;
                case "i128" -> s |= I128;
                case "f16" -> s |= F16;
                case "f32" -> s |= F32;
                case "f64" -> s |= F64;
                case "f128" -> s |= F128;
                case "i8vec" -> { v |= I8; d |= I8; }
                case "i16vec" -> { v |= I16; d |= I16; }
                case "i32vec" -> { v |= I32; d |= I32; }
                case "i64vec" -> { v |= I64; d |= I64; }
                case "f32vec" -> { v |= F32; d |= F32; }
                case "f64vec" -> { v |= F64; d |= F64; }
                default -> throw new IllegalArgumentException("unknown type set atom '" + atom + "'");
            }
        }
        return new TypeSet(s, v, d, min);
    }
}
