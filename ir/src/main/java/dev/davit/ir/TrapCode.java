package dev.davit.ir;

/**
 * Trap codes as plain ints: a user code {@code userN} is N (0..255); the reserved codes Cranelift
 * names are negative. Kept as ints so instructions store them without allocation.
 */
public final class TrapCode {
    private TrapCode() {}

    public static final int STACK_OVERFLOW = -1;
    public static final int HEAP_OUT_OF_BOUNDS = -2;
    public static final int INTEGER_OVERFLOW = -3;
    public static final int INTEGER_DIVISION_BY_ZERO = -4;
    public static final int BAD_CONVERSION_TO_INTEGER = -5;
    /** Not a trap code: marks "no trap" in memory flags. */
    public static final int NONE = Integer.MIN_VALUE;

    private static final String[] RESERVED = {"stk_ovf", "heap_oob", "int_ovf", "int_divz", "bad_toint"};

    /** Parses a trap code's text; returns {@link #NONE} if it is not one. */
    public static int parse(String s) {
        for (int i = 0; i < RESERVED.length; i++) if (RESERVED[i].equals(s)) return -1 - i;
        if (s.startsWith("user") && s.length() > 4 && s.length() <= 7) {
            int n = 0;
            for (int i = 4; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') return NONE;
                n = n * 10 + (c - '0');
            }
            if (n <= 255 && !(s.length() > 5 && s.charAt(4) == '0')) return n;
        }
        return NONE;
    }

    public static String toString(int code) {
        if (code >= 0) return "user" + code;
        if (code >= -RESERVED.length) return RESERVED[-1 - code];
        throw new IllegalArgumentException("trap code " + code);
    }
}
