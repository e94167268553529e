package dev.davit.ir.reader;

/**
 * A fixed string-keyed table looked up by a char range, so the parser can map opcode and flag
 * words to their meaning without cutting a String out of the source for every instruction.
 */
final class NameTable<T> {
    private final String[] keys;
    private final Object[] values;
    private final int mask;

    NameTable(String[] names, T[] vals) {
        int cap = Integer.highestOneBit(Math.max(4, names.length * 3)) * 2;
        keys = new String[cap];
        values = new Object[cap];
        mask = cap - 1;
        for (int i = 0; i < names.length; i++) {
            int h = hash(names[i]) & mask;
            while (keys[h] != null && !keys[h].equals(names[i])) h = (h + 1) & mask;
            keys[h] = names[i];
            values[h] = vals[i];
        }
    }

    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x7feb352d;
        return h ^ (h >>> 15);
    }

    private static int hash(String s) {
        return mix(s.hashCode());
    }

    /** The value for the text {@code src[b, e)}, or null. */
    @SuppressWarnings("unchecked")
    T get(char[] src, int b, int e) {
        int h = 0;
        for (int i = b; i < e; i++) h = 31 * h + src[i];
        int slot = mix(h) & mask;
        int n = e - b;
        while (true) {
            String k = keys[slot];
            if (k == null) return null;
            if (k.length() == n) {
                boolean eq = true;
                for (int i = 0; i < n; i++) {
                    if (k.charAt(i) != src[b + i]) { eq = false; break; }
                }
                if (eq) return (T) values[slot];
            }
            slot = (slot + 1) & mask;
        }
    }
}
