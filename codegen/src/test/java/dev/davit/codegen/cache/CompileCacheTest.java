package dev.davit.codegen.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.codegen.settings.SettingError;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.Function;
import dev.davit.ir.UserExternalName;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompileCacheTest {
    private final SyntheticIsa isa = new SyntheticIsa();

    private AppliedCode fresh(Function f) throws TargetIsa.CompileError {
        return AppliedCode.apply(isa.compile(f, false), f.params());
    }

    @Test
    void missThenHitEqualsFreshCompile() throws Exception {
        CompileCache cache = new CompileCache(new MemoryStore(1 << 20));
        CacheResult first = cache.compileWithCache(isa, Fixtures.calls());
        assertFalse(first.hit());
        CacheResult second = cache.compileWithCache(isa, Fixtures.calls());
        assertTrue(second.hit());
        assertEquals(first.key(), second.key());
        assertEquals(fresh(Fixtures.calls()), second.applied());
        assertNull(CodeComparison.firstDifference(isa.compile(Fixtures.calls(), false), second.code()));
        CacheStats s = cache.stats();
        assertEquals(1, s.hits());
        assertEquals(1, s.misses());
        assertTrue(s.bytesWritten() > 0);
        assertEquals(s.bytesWritten(), s.bytesRead());
        assertEquals(0.5, s.hitRate());
    }

    @Test
    void renamedFunctionHitsWithItsOwnNamesAndBase() throws Exception {
        CompileCache cache = new CompileCache(new MemoryStore(1 << 20));
        Function a = Fixtures.calls();
        CacheResult ra = cache.compileWithCache(isa, a);
        assertEquals(new UserExternalName(1, 5), ra.applied().relocTarget(0));
        assertEquals(new UserExternalName(2, 9), ra.applied().relocTarget(1));

        Function b = Fixtures.calls();
        b.params().resetUserFunctionName(0, new UserExternalName(7, 70));
        b.params().resetUserFunctionName(1, new UserExternalName(8, 80));
        b.params().setBaseSrcLoc(0x5000);
        CacheResult rb = cache.compileWithCache(isa, b);
        assertTrue(rb.hit());
        assertEquals(new UserExternalName(7, 70), rb.applied().relocTarget(0));
        assertEquals(new UserExternalName(8, 80), rb.applied().relocTarget(1));
        assertEquals(0x5000, rb.applied().absoluteSrcloc(0));
        assertEquals(0x10, ra.applied().absoluteSrcloc(0));
        assertEquals(fresh(b), rb.applied());
        assertFalse(ra.applied().equals(rb.applied()));

        // The same through text: other names and positions, same stencil.
        Function c = Fixtures.parse(Fixtures.CALLS.replace("u1:5", "u11:55").replace("@00", "@90"));
        CacheResult rc = cache.compileWithCache(isa, c);
        assertTrue(rc.hit());
        assertEquals(new UserExternalName(11, 55), rc.applied().relocTarget(0));
        assertEquals(fresh(c), rc.applied());
    }

    @Test
    void corruptEntryIsAMissAndGetsReplaced() throws Exception {
        MemoryStore store = new MemoryStore(1 << 20);
        CompileCache cache = new CompileCache(store);
        CacheResult r = cache.compileWithCache(isa, Fixtures.calls());
        byte[] e = store.get(r.key());
        e[e.length / 2] ^= 0x10;
        store.put(r.key(), e);
        CacheResult again = cache.compileWithCache(isa, Fixtures.calls());
        assertFalse(again.hit());
        assertEquals(fresh(Fixtures.calls()), again.applied());
        assertEquals(1, cache.stats().corruptEntries());
        assertTrue(cache.compileWithCache(isa, Fixtures.calls()).hit());
    }

    @Test
    void entryUnderAnotherKeyIsAMiss() throws Exception {
        MemoryStore store = new MemoryStore(1 << 20);
        CompileCache cache = new CompileCache(store);
        CacheResult one = cache.compileWithCache(isa, Fixtures.numbered(1));
        CacheKey two = CacheKey.of(isa, Fixtures.numbered(2).stencil());
        store.put(two, store.get(one.key())); // a store that mixed up its keys
        CacheResult r = cache.compileWithCache(isa, Fixtures.numbered(2));
        assertFalse(r.hit());
        assertEquals(fresh(Fixtures.numbered(2)), r.applied());
    }

    /** A store that fails every call, counting them. */
    static final class BrokenStore implements CacheStore {
        final AtomicInteger calls = new AtomicInteger();

        @Override public byte[] get(CacheKey key) throws IOException { calls.incrementAndGet(); throw new IOException("disk on fire"); }
        @Override public void put(CacheKey key, byte[] value) { calls.incrementAndGet(); throw new IllegalStateException("no"); }
        @Override public void remove(CacheKey key) throws IOException { calls.incrementAndGet(); throw new IOException("no"); }
        @Override public String describe() { return "broken"; }
    }

    @Test
    void failingStoreDegradesToMissesWithOneWarning() throws Exception {
        BrokenStore store = new BrokenStore();
        CompileCache cache = new CompileCache(store, false, Duration.ZERO);
        for (int i = 0; i < 5; i++) {
            CacheResult r = cache.compileWithCache(isa, Fixtures.calls());
            assertFalse(r.hit());
            assertEquals(fresh(Fixtures.calls()), r.applied());
        }
        assertEquals(1, cache.storeWarnings());
        assertEquals(10, cache.stats().storeErrors());
        assertEquals(5, cache.stats().misses());

        // With a cool-down the store is left alone after its first failure.
        BrokenStore store2 = new BrokenStore();
        CompileCache cooled = new CompileCache(store2, false, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) assertFalse(cooled.compileWithCache(isa, Fixtures.calls()).hit());
        assertEquals(1, store2.calls.get());
    }

    @Test
    void checkingModeCatchesAPoisonedEntry() throws Exception {
        MemoryStore store = new MemoryStore(1 << 20);
        CacheKey k = CacheKey.of(isa, Fixtures.numbered(1).stencil());
        CompiledCode wrong = isa.compile(Fixtures.numbered(2), false);
        store.put(k, CompiledCodeCodec.encode(k, wrong, 1)); // well-formed, but not this function's code

        CompileCache checking = new CompileCache(store, true);
        CacheResult r = checking.compileWithCache(isa, Fixtures.numbered(1));
        assertFalse(r.hit());
        assertEquals(fresh(Fixtures.numbered(1)), r.applied());
        assertEquals(1, checking.stats().checkMismatches());
        // The entry was replaced by the right code, which checks clean from now on.
        CacheResult again = checking.compileWithCache(isa, Fixtures.numbered(1));
        assertTrue(again.hit());
        assertEquals(1, checking.stats().checkMismatches());
    }

    @Test
    void checkingModeFromTheSharedSetting() throws Exception {
        SyntheticIsa checked = new SyntheticIsa(SharedSettings.GROUP.builder()
                .enable("enable_incremental_compilation_cache_checks").build(), SyntheticIsa.SETTINGS.builder().build());
        MemoryStore store = new MemoryStore(1 << 20);
        CacheKey k = CacheKey.of(checked, Fixtures.numbered(1).stencil());
        store.put(k, CompiledCodeCodec.encode(k, checked.compile(Fixtures.numbered(2), false), 1));
        CacheResult r = new CompileCache(store).compileWithCache(checked, Fixtures.numbered(1));
        assertFalse(r.hit());
        assertNull(CodeComparison.firstDifference(checked.compile(Fixtures.numbered(1), false), r.code()));
    }

    @Test
    void vcodeIsServedOnlyWhenStored() throws Exception {
        CompileCache cache = new CompileCache(new MemoryStore(1 << 20));
        cache.compileWithCache(isa, Fixtures.calls(), false);
        CacheResult withText = cache.compileWithCache(isa, Fixtures.calls(), true);
        assertFalse(withText.hit());
        assertNotNull(withText.code().vcode());
        CacheResult text = cache.compileWithCache(isa, Fixtures.calls(), true);
        assertTrue(text.hit());
        assertEquals(isa.compile(Fixtures.calls(), true).vcode(), text.code().vcode());
        CacheResult noText = cache.compileWithCache(isa, Fixtures.calls(), false);
        assertTrue(noText.hit());
        assertNull(noText.code().vcode());
    }

    @Test
    void compileErrorsPropagateAndAreNotCached() {
        Function bad = Fixtures.parse("""
                function %bad(i32) -> i64 {
                block0(v0: i32):
                    return v0
                }
                """);
        CompileCache cache = new CompileCache(new MemoryStore(1 << 20));
        assertThrows(TargetIsa.CompileError.class, () -> cache.compileWithCache(isa, bad));
        assertThrows(TargetIsa.CompileError.class, () -> cache.compileWithCache(isa, bad));
        assertEquals(0, cache.stats().bytesWritten());
    }

    @Test
    void flagsSeparateEntries() throws Exception {
        CompileCache cache = new CompileCache(new MemoryStore(1 << 20));
        cache.compileWithCache(isa, Fixtures.calls());
        SyntheticIsa other;
        try {
            other = new SyntheticIsa(SharedSettings.defaults(), SyntheticIsa.SETTINGS.builder().enable("has_widgets").build());
        } catch (SettingError e) {
            throw new AssertionError(e);
        }
        CacheResult r = cache.compileWithCache(other, Fixtures.calls());
        assertFalse(r.hit());
        assertEquals(AppliedCode.apply(other.compile(Fixtures.calls(), false), Fixtures.calls().params()), r.applied());
    }

    @Test
    void threadsShareOneCache() throws Exception {
        CompileCache cache = new CompileCache(new MemoryStore(1 << 22), true);
        int functions = 40, threads = 8, rounds = 5;
        List<AppliedCode> expected = new ArrayList<>();
        for (int i = 0; i < functions; i++) expected.add(fresh(Fixtures.numbered(i)));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                fs.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < functions; i++) {
                            int k = (i * 7 + seed * 13 + r) % functions;
                            AppliedCode got = cache.compileWithCache(isa, Fixtures.numbered(k)).applied();
                            if (!got.equals(expected.get(k))) throw new AssertionError("function " + k);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        CacheStats s = cache.stats();
        assertEquals((long) functions * threads * rounds, s.hits() + s.misses());
        assertTrue(s.hits() >= (long) functions * threads * rounds - functions * threads);
        assertEquals(0, s.checkMismatches());
    }

    @Test
    void appliedCodeKeepsNonUserRelocsUnnamed() throws Exception {
        CompiledCode c = CompiledCodeCodecTest.rich(null);
        AppliedCode a = AppliedCode.apply(c, Fixtures.calls().params());
        assertEquals(2, a.relocCount());
        assertNull(a.relocTarget(0)); // ref 2: beyond the two names of the table
        assertNull(a.relocTarget(1));
        assertArrayEquals(new int[] {-5 + 0x10, 0x40 + 0x10}, new int[] {a.absoluteSrcloc(0), a.absoluteSrcloc(1)});
    }
}
