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
}
