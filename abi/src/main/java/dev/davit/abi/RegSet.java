package dev.davit.abi;

/**
 * An immutable set of physical registers, laid out like the register allocator's {@code long[3]}
 * sets: word {@code k} holds class {@code k}, bit {@code hwEnc}. Kept as three fields rather than an
 * array so that the per-convention constants can be shared without defensive copies; {@link
 * #toLongArray()} hands the allocator its own mutable copy.
 */
public final class RegSet {
    public static final RegSet EMPTY = new RegSet(0, 0, 0);

    private final long intBits;
    private final long floatBits;
    private final long vectorBits;

    private RegSet(long intBits, long floatBits, long vectorBits) {
        this.intBits = intBits;
        this.floatBits = floatBits;
        this.vectorBits = vectorBits;
    }

    /** The set with the given words (class INT, FLOAT, VECTOR). */
    public static RegSet ofWords(long intBits, long floatBits, long vectorBits) {
        if ((intBits | floatBits | vectorBits) == 0) return EMPTY;
        return new RegSet(intBits, floatBits, vectorBits);
    }

    /** The set holding the given PRegs. */
    public static RegSet of(int... pregs) {
        long[] w = new long[3];
        for (int p : pregs) w[Regs.cls(p)] |= 1L << Regs.hw(p);
        return ofWords(w[0], w[1], w[2]);
    }

    /** Hardware encodings {@code from..to} (inclusive) of one class. */
    public static RegSet range(int cls, int from, int to) {
        long bits = to == 63 ? -1L << from : ((1L << (to + 1)) - 1) & (-1L << from);
        return ofWords(cls == Regs.INT ? bits : 0, cls == Regs.FLOAT ? bits : 0, cls == Regs.VECTOR ? bits : 0);
    }

    public long word(int cls) {
        return switch (cls) {
            case Regs.INT -> intBits;
            case Regs.FLOAT -> floatBits;
            case Regs.VECTOR -> vectorBits;
            default -> throw new IllegalArgumentException("bad register class " + cls);
        };
    }

    public boolean contains(int preg) {
        return preg >= 0 && (word(Regs.cls(preg)) & (1L << Regs.hw(preg))) != 0;
    }

    public boolean isEmpty() {
        return (intBits | floatBits | vectorBits) == 0;
    }

    public int size() {
        return Long.bitCount(intBits) + Long.bitCount(floatBits) + Long.bitCount(vectorBits);
    }

    public RegSet with(int preg) {
        int c = Regs.cls(preg);
        long b = 1L << Regs.hw(preg);
        return ofWords(intBits | (c == 0 ? b : 0), floatBits | (c == 1 ? b : 0), vectorBits | (c == 2 ? b : 0));
    }

    public RegSet without(int preg) {
        int c = Regs.cls(preg);
        long b = 1L << Regs.hw(preg);
        return ofWords(intBits & ~(c == 0 ? b : 0), floatBits & ~(c == 1 ? b : 0), vectorBits & ~(c == 2 ? b : 0));
    }

    public RegSet union(RegSet o) {
        return ofWords(intBits | o.intBits, floatBits | o.floatBits, vectorBits | o.vectorBits);
    }

    public RegSet minus(RegSet o) {
        return ofWords(intBits & ~o.intBits, floatBits & ~o.floatBits, vectorBits & ~o.vectorBits);
    }

    public RegSet intersect(RegSet o) {
        return ofWords(intBits & o.intBits, floatBits & o.floatBits, vectorBits & o.vectorBits);
    }

    /** The members as PRegs, ascending (all INT, then FLOAT, then VECTOR). */
    public int[] toArray() {
        int[] out = new int[size()];
        int n = 0;
        for (int c = 0; c < 3; c++) {
            long w = word(c);
            while (w != 0) {
                int hw = Long.numberOfTrailingZeros(w);
                out[n++] = Regs.preg(c, hw);
                w &= w - 1;
            }
        }
        return out;
    }

    /** A fresh {@code long[3]} in the register allocator's set layout. */
    public long[] toLongArray() {
        return new long[] {intBits, floatBits, vectorBits};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegSet r && r.intBits == intBits && r.floatBits == floatBits && r.vectorBits == vectorBits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(intBits * 31 + floatBits * 17 + vectorBits);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int p : toArray()) {
            if (sb.length() > 1) sb.append(' ');
            sb.append(Regs.toString(p));
        }
        return sb.append('}').toString();
    }
}
