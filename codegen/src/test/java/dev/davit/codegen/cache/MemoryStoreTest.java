package dev.davit.codegen.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryStoreTest {
    static CacheKey key(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        b[1] = (byte) (i >> 8);
        return CacheKey.fromBytes(b);
    }

    @Test
    void evictsLeastRecentlyUsedByBytes() {
        int cost = 1000 + MemoryStore.ENTRY_OVERHEAD;
        MemoryStore s = new MemoryStore(3L * cost);
        s.put(key(1), new byte[1000]);
        s.put(key(2), new byte[1000]);
        s.put(key(3), new byte[1000]);
        assertNotNull(s.get(key(1))); // 1 is now more recent than 2
        s.put(key(4), new byte[1000]);
        assertNull(s.get(key(2)));
        assertNotNull(s.get(key(1)));
        assertNotNull(s.get(key(3)));
        assertNotNull(s.get(key(4)));
        assertEquals(3L * cost, s.sizeBytes());
        // One big entry pushes out several small ones.
        s.put(key(5), new byte[2500]);
        assertTrue(s.sizeBytes() <= s.maxBytes());
        assertNotNull(s.get(key(5)));
        assertEquals(1, s.entryCount());
    }

    @Test
    void oversizeIsNotKeptAndValuesAreCopies() {
        MemoryStore s = new MemoryStore(500);
        s.put(key(1), new byte[1000]);
        assertNull(s.get(key(1)));
        byte[] v = {1, 2, 3};
        s.put(key(2), v);
        v[0] = 9;
        byte[] got = s.get(key(2));
        assertArrayEquals(new byte[] {1, 2, 3}, got);
        got[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, s.get(key(2)));
        s.put(key(2), new byte[] {4});
        assertArrayEquals(new byte[] {4}, s.get(key(2)));
        assertEquals(1 + MemoryStore.ENTRY_OVERHEAD, s.sizeBytes());
        s.remove(key(2));
        assertEquals(0, s.sizeBytes());
    }

    @Test
    void getForReadServesTheStoredEntryWithoutCopying() {
        MemoryStore s = new MemoryStore(1 << 20);
        byte[] v = {1, 2, 3};
        s.put(key(1), v);
        v[0] = 9; // put kept a copy, so the caller's array is not the entry
        byte[] shared = s.getForRead(key(1));
        assertArrayEquals(new byte[] {1, 2, 3}, shared);
        assertSame(shared, s.getForRead(key(1)), "no copy per read");
        byte[] copy = s.get(key(1));
        copy[0] = 7; // get still hands out a copy the caller may change
        assertArrayEquals(new byte[] {1, 2, 3}, s.getForRead(key(1)));
        assertNull(s.getForRead(key(2)));
        s.remove(key(1));
        assertNull(s.getForRead(key(1)));
    }
}
