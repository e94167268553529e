package dev.davit.codegen.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.Function;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskStoreTest {
    @TempDir
    Path dir;

    static CacheKey key(int i) { return MemoryStoreTest.key(i); }

    @Test
    void putGetRemoveAndPersistence() throws IOException {
        DiskStore s = new DiskStore(dir, 1 << 20);
        assertNull(s.get(key(1)));
        s.put(key(1), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, s.get(key(1)));
        s.put(key(1), new byte[] {4});
        assertArrayEquals(new byte[] {4}, s.get(key(1)));
        Path file = s.pathOf(key(1));
        assertTrue(file.startsWith(dir));
        assertTrue(file.getFileName().toString().length() == 62);
        DiskStore reopened = new DiskStore(dir, 1 << 20);
        assertArrayEquals(new byte[] {4}, reopened.get(key(1)));
        assertEquals(DiskStore.HEADER + 1, reopened.approximateSizeBytes());
        reopened.remove(key(1));
        assertNull(s.get(key(1)));
        try (Stream<Path> all = Files.walk(dir)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }
    }

    @Test
    void damagedFilesAreMissesAndDeleted() throws IOException {
        DiskStore s = new DiskStore(dir, 1 << 20);
        byte[] v = new byte[100];
        Arrays.fill(v, (byte) 7);
        s.put(key(1), v);
        Path f = s.pathOf(key(1));
        byte[] raw = Files.readAllBytes(f);
        for (int bit = 0; bit < raw.length * 8; bit += 13) {
            byte[] c = raw.clone();
            c[bit >> 3] ^= (byte) (1 << (bit & 7));
            Files.write(f, c);
            assertNull(s.get(key(1)), "bit " + bit);
            assertFalse(Files.exists(f));
        }
        for (int n = 0; n < raw.length; n += 7) {
            Files.write(f, Arrays.copyOf(raw, n));
            assertNull(s.get(key(1)), "length " + n);
        }
        Files.write(f, raw);
        assertArrayEquals(v, s.get(key(1)));
    }

    @Test
    void evictsLeastRecentlyUsedToTheBound() throws IOException {
        int value = 1000, file = value + DiskStore.HEADER;
        DiskStore s = new DiskStore(dir, 10L * file);
        long t = System.currentTimeMillis() - 1_000_000;
        for (int i = 0; i < 10; i++) {
            s.put(key(i), new byte[value]);
            Files.setLastModifiedTime(s.pathOf(key(i)), FileTime.fromMillis(t + i * 1000L));
        }
        assertNotNull(s.get(key(0))); // a hit makes 0 the most recent
        s.put(key(10), new byte[value]); // over the bound: down to three quarters
        assertTrue(s.approximateSizeBytes() <= 10L * file * 3 / 4, "size " + s.approximateSizeBytes());
        assertNotNull(s.get(key(0)));
        assertNotNull(s.get(key(10)));
        assertNull(s.get(key(1)));
        assertNull(s.get(key(2)));
    }

    @Test
    void aHitRefreshesItsFileOffTheReadingThread() throws Exception {
        DiskStore s = new DiskStore(dir, 1 << 20);
        s.put(key(1), new byte[] {1});
        s.put(key(2), new byte[] {2});
        long old = System.currentTimeMillis() - 3_600_000;
        for (int k : new int[] {1, 2}) Files.setLastModifiedTime(s.pathOf(key(k)), FileTime.fromMillis(old));
        assertNotNull(s.get(key(1)));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.getLastModifiedTime(s.pathOf(key(1))).toMillis() == old && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(Files.getLastModifiedTime(s.pathOf(key(1))).toMillis() > old, "refreshed by the daemon");
        assertEquals(old, Files.getLastModifiedTime(s.pathOf(key(2))).toMillis(), "an entry not hit keeps its time");
        // close() refreshes what is still waiting, without the daemon's delay.
        Files.setLastModifiedTime(s.pathOf(key(2)), FileTime.fromMillis(old));
        assertNotNull(s.get(key(2)));
        s.close();
        assertTrue(Files.getLastModifiedTime(s.pathOf(key(2))).toMillis() > old);
    }

    @Test
    void writeBehindServesAtOnceAndWritesByFlush() throws IOException {
        DiskStore s = new DiskStore(dir, 1 << 20, true);
        byte[] v = {5, 6, 7};
        s.put(key(1), v);
        v[0] = 9; // the store keeps its own copy
        assertArrayEquals(new byte[] {5, 6, 7}, s.get(key(1)), "this process sees the entry before it is written");
        s.put(key(2), new byte[] {2});
        s.remove(key(2));
        assertNull(s.get(key(2)));
        s.flush();
        DiskStore other = new DiskStore(dir, 1 << 20); // another process, after the flush
        assertArrayEquals(new byte[] {5, 6, 7}, other.get(key(1)));
        assertNull(other.get(key(2)), "a removed entry is not written later");
        assertFalse(Files.exists(s.pathOf(key(2))));
        s.close();
    }

    @Test
    void writeBehindWritesWithoutAFlushAndOnClose() throws Exception {
        DiskStore s = new DiskStore(dir, 1 << 20, true);
        for (int i = 0; i < 50; i++) s.put(key(i), new byte[] {(byte) i});
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(s.pathOf(key(49))) && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(Files.exists(s.pathOf(key(49))), "the daemon writes without being asked");
        s.put(key(50), new byte[] {50});
        s.close();
        assertArrayEquals(new byte[] {50}, new DiskStore(dir, 1 << 20).get(key(50)));
    }

    @Test
    void aFailedBackgroundWriteIsThrownByTheNextPut() throws Exception {
        DiskStore s = new DiskStore(dir.resolve("w"), 1 << 20, true);
        // Make every fan-out directory impossible to create: the entries root becomes a file.
        Path entries = dir.resolve("w").resolve("v1");
        Files.delete(entries);
        Files.write(entries, new byte[] {1});
        s.put(key(1), new byte[] {1});
        IOException thrown = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (thrown == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
            try {
                s.put(key(2), new byte[] {2});
            } catch (IOException e) {
                thrown = e;
            }
        }
        assertNotNull(thrown, "the background failure reaches a caller");
        try {
            s.flush(); // writes (and fails) an entry put before the failure was reported, if any
        } catch (IOException e) {
            // that one's failure
        }
        s.put(key(3), new byte[] {3}); // every failure reported: taken again
        assertThrows(IOException.class, s::close, "close writes what waits, and reports that it failed");
    }

    @Test
    void aRemovedFanOutDirectoryIsMadeAgain() throws IOException {
        DiskStore s = new DiskStore(dir, 1 << 20);
        s.put(key(1), new byte[] {1});
        Path fan = s.pathOf(key(1)).getParent();
        Files.delete(s.pathOf(key(1)));
        Files.delete(fan);
        s.put(key(1), new byte[] {7});
        assertArrayEquals(new byte[] {7}, s.get(key(1)));
    }

    @Test
    void staleTemporaryFilesAreCleanedOnRescan() throws IOException {
        DiskStore s = new DiskStore(dir, 1 << 20);
        s.put(key(1), new byte[] {1});
        Path tmp = s.pathOf(key(1)).resolveSibling(".tmp-dead-1-2");
        Files.write(tmp, new byte[50]);
        Files.setLastModifiedTime(tmp, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        s.evict();
        assertFalse(Files.exists(tmp));
        assertArrayEquals(new byte[] {1}, s.get(key(1)));
    }

    /**
     * Several stores on one directory (as several processes have), writing and reading the same keys
     * at once, with eviction running: every read is a miss or exactly what some writer wrote.
     */
    @Test
    void sharedDirectoryUnderConcurrentWriters() throws Exception {
        int writers = 6, keys = 30;
        List<DiskStore> stores = new ArrayList<>();
        for (int i = 0; i < writers; i++) stores.add(new DiskStore(dir, 40_000));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                DiskStore s = stores.get(w);
                fs.add(pool.submit(() -> {
                    for (int r = 0; r < 200; r++) {
                        int k = (r * 7) % keys;
                        byte[] v = new byte[500 + k];
                        Arrays.fill(v, (byte) k);
                        s.put(key(k), v);
                        byte[] got = s.get(key((r * 11) % keys));
                        if (got != null) {
                            int kk = (r * 11) % keys;
                            if (got.length != 500 + kk) throw new AssertionError("length");
                            for (byte b : got) if (b != (byte) kk) throw new AssertionError("content");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        stores.get(0).evict();
        assertTrue(stores.get(0).approximateSizeBytes() <= 40_000);
    }

    @Test
    void compileCacheOverDiskSurvivesARestart() throws Exception {
        SyntheticIsa isa = new SyntheticIsa();
        Function f = Fixtures.calls();
        CompileCache first = new CompileCache(new DiskStore(dir, 1 << 20));
        assertFalse(first.compileWithCache(isa, f).hit());
        CompileCache second = new CompileCache(new DiskStore(dir, 1 << 20));
        CacheResult r = second.compileWithCache(isa, Fixtures.calls());
        assertTrue(r.hit());
        assertEquals(AppliedCode.apply(isa.compile(f, false), f.params()), r.applied());
    }

    @Test
    void unwritableDirectoryDegradesToMisses() throws Exception {
        Path file = dir.resolve("not-a-dir");
        Files.write(file, new byte[] {1});
        DiskStore s = new DiskStore(dir.resolve("ok"), 1 << 20);
        // Make the fan-out directory of every key impossible to create: the entries root is a file.
        Path entries = dir.resolve("ok").resolve("v1");
        try (Stream<Path> l = Files.list(entries)) {
            assertEquals(0, l.count());
        }
        Files.delete(entries);
        Files.write(entries, new byte[] {1});
        CompileCache cache = new CompileCache(s);
        SyntheticIsa isa = new SyntheticIsa();
        for (int i = 0; i < 3; i++) assertFalse(cache.compileWithCache(isa, Fixtures.calls()).hit());
        assertEquals(1, cache.storeWarnings());
        assertTrue(cache.stats().storeErrors() >= 1);
    }

    @Test
    void defaultDirectoryIsPerUser() {
        Path d = DiskStore.defaultDirectory();
        assertTrue(d.toString().contains("davit"));
    }
}
