package dev.davit.codegen.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TieredStoreTest {
    @TempDir
    Path dir;

    @Test
    void nearIsFilledFromFar() throws IOException {
        MemoryStore near = new MemoryStore(1 << 20);
        DiskStore far = new DiskStore(dir, 1 << 20);
        far.put(MemoryStoreTest.key(1), new byte[] {1});
        TieredStore t = new TieredStore(near, far);
        assertNull(near.get(MemoryStoreTest.key(1)));
        assertArrayEquals(new byte[] {1}, t.get(MemoryStoreTest.key(1)));
        assertArrayEquals(new byte[] {1}, near.get(MemoryStoreTest.key(1)));
        t.put(MemoryStoreTest.key(2), new byte[] {2});
        assertArrayEquals(new byte[] {2}, far.get(MemoryStoreTest.key(2)));
        t.remove(MemoryStoreTest.key(2));
        assertNull(t.get(MemoryStoreTest.key(2)));
        assertTrue(t.describe().startsWith("memory"));
    }

    @Test
    void getForReadFillsNearFromFarWithACopy() throws IOException {
        MemoryStore near = new MemoryStore(1 << 20), far = new MemoryStore(1 << 20);
        far.put(MemoryStoreTest.key(1), new byte[] {1, 2});
        TieredStore t = new TieredStore(near, far);
        byte[] got = t.getForRead(MemoryStoreTest.key(1));
        assertArrayEquals(new byte[] {1, 2}, got);
        assertArrayEquals(new byte[] {1, 2}, near.getForRead(MemoryStoreTest.key(1)));
        org.junit.jupiter.api.Assertions.assertNotSame(far.getForRead(MemoryStoreTest.key(1)),
                near.getForRead(MemoryStoreTest.key(1)), "each store keeps its own entry");
        assertSameArray(near.getForRead(MemoryStoreTest.key(1)), t.getForRead(MemoryStoreTest.key(1)));
        assertNull(t.getForRead(MemoryStoreTest.key(3)));
    }

    private static void assertSameArray(byte[] a, byte[] b) { org.junit.jupiter.api.Assertions.assertSame(a, b); }
}
