package dev.davit.regalloc;

/**
 * Physical registers as ints: {@code (class.ordinal() << 6) | hwEnc}, hwEnc 0..63, so 0..191.
 * Sets of physical registers are {@code long[3]} bitsets: word {@code k} holds the registers of
 * the class with ordinal {@code k}, bit {@code hwEnc}.
 */
public final class PReg {
    /** Number of physical register numbers (3 classes times 64). */
    public static final int NUM = 192;
    /** "No register". */
    public static final int INVALID = -1;

    private PReg() {}

    public static int of(RegClass c, int hwEnc) {
        return of(c.ordinal(), hwEnc);
    }

    public static int of(int classOrdinal, int hwEnc) {
        if (hwEnc < 0 || hwEnc > 63 || classOrdinal < 0 || classOrdinal > 2) {
            throw new IllegalArgumentException("bad preg class " + classOrdinal + " hwEnc " + hwEnc);
        }
        return (classOrdinal << 6) | hwEnc;
    }

    public static int hwEnc(int p) {
        return p & 63;
    }

    public static RegClass regClass(int p) {
        return RegClass.of(p >>> 6);
    }

    public static int classIndex(int p) {
        return p >>> 6;
    }

    public static String toString(int p) {
        if (p < 0 || p >= NUM) return "p?" + p;
        return "p" + hwEnc(p) + "ifv".charAt(classIndex(p));
    }

    /** A new empty set (long[3]). */
    public static long[] newSet() {
        return new long[3];
    }

    public static void add(long[] set, int p) {
        set[p >>> 6] |= 1L << (p & 63);
    }

    public static boolean contains(long[] set, int p) {
        return (set[p >>> 6] & (1L << (p & 63))) != 0;
    }

    /** A set holding the given registers. */
    public static long[] setOf(int... pregs) {
        long[] s = newSet();
        for (int p : pregs) add(s, p);
        return s;
    }
}
