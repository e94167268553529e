package dev.davit.ir;

/** The read-modify-write operations of {@code atomic_rmw}. */
public enum AtomicRmwOp {
    ADD, SUB, AND, NAND, OR, XOR, XCHG, UMIN, UMAX, SMIN, SMAX;

    private static final AtomicRmwOp[] VALUES = values();

    public static AtomicRmwOp of(int ordinal) { return VALUES[ordinal]; }

    public static AtomicRmwOp byName(String s) {
        for (AtomicRmwOp c : VALUES) if (c.text().equals(s)) return c;
        return null;
    }

    public String text() { return name().toLowerCase(java.util.Locale.ROOT); }

    @Override public String toString() { return text(); }
}
