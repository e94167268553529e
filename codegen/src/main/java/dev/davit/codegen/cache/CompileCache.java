package dev.davit.codegen.cache;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.Function;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Compiles through a {@link CacheStore}: a function whose {@link CacheKey} is stored costs a key
 * computation, a read and a decode; any other compiles and is stored.
 *
 * <p>Nothing wrong is ever returned: an entry that does not decode for exactly this key is a miss
 * (and is replaced), a store that throws is a miss (logged once; the store is then left alone for a
 * cool-down so a dead Redis does not add a timeout to every compile), and in checking mode
 * ({@code checkHits}, or the {@code enable_incremental_compilation_cache_checks} setting) every hit
 * is compared field for field with a fresh compile, whose result wins if they differ.
 *
 * <p>Thread-safe: one instance serves all threads compiling a module.
 */
public final class CompileCache {
    private static final System.Logger LOG = System.getLogger(CompileCache.class.getName());

    private final CacheStore store;
    private final boolean checkHits;
    private final long retryAfterNanos;

    private final LongAdder hits = new LongAdder(), misses = new LongAdder(), bytesRead = new LongAdder(),
            bytesWritten = new LongAdder(), timeSaved = new LongAdder(), storeErrors = new LongAdder(),
            corrupt = new LongAdder(), mismatches = new LongAdder();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicLong warnings = new AtomicLong();
    private volatile long storeDisabledUntil = Long.MIN_VALUE;
    private volatile boolean storeDisabled;

    /** The key prefix of the last target used: modules compile many functions for one target. */
    private volatile PrefixFor lastPrefix;

    private record PrefixFor(TargetIsa isa, CacheKey.Prefix prefix) {}

    /** A cache over {@code store}, not checking hits, retrying a failed store after 10 s. */
    public CompileCache(CacheStore store) { this(store, false, Duration.ofSeconds(10)); }

    public CompileCache(CacheStore store, boolean checkHits) { this(store, checkHits, Duration.ofSeconds(10)); }

    /**
     * @param checkHits         compile afresh on every hit and compare (for testing the cache)
     * @param retryAfterFailure how long a failed store is left alone before it is tried again
     */
    public CompileCache(CacheStore store, boolean checkHits, Duration retryAfterFailure) {
        this.store = store;
        this.checkHits = checkHits;
        this.retryAfterNanos = retryAfterFailure.toNanos();
    }

    public CacheStore store() { return store; }

    /** Compiles {@code f} for {@code isa} without VCode text, through the cache. */
    public CacheResult compileWithCache(TargetIsa isa, Function f) throws TargetIsa.CompileError {
        return compileWithCache(isa, f, false);
    }

    /**
     * Compiles {@code f} for {@code isa} through the cache. With {@code keepVCode}, an entry stored
     * without VCode text cannot serve and counts as a miss.
     *
     * @throws TargetIsa.CompileError as {@link TargetIsa#compile} does; failures are not cached
     */
    public CacheResult compileWithCache(TargetIsa isa, Function f, boolean keepVCode) throws TargetIsa.CompileError {
        long t0 = System.nanoTime();
        CacheKey key = prefix(isa).key(f.stencil());
        byte[] data = storeGet(key);
        if (data != null) {
            bytesRead.add(data.length);
            // Without keepVCode any stored VCode text would be dropped: it is not even decoded.
            CompiledCodeCodec.Entry e = CompiledCodeCodec.decode(data, key, keepVCode);
            if (e == null) {
                corrupt.increment();
                storeRemove(key);
            } else if (!keepVCode || e.code().vcode() != null) {
                CompiledCode code = e.code();
                if (!keepVCode && code.vcode() != null) {
                    // What a fresh compile without VCode gives: the stored text is an extra.
                    code = new CompiledCode(code.buffer(), code.frameSize(), null, code.numSpillSlots());
                }
                if (checkHits || isa.sharedFlags().bool(SharedSettings.ENABLE_INCREMENTAL_COMPILATION_CACHE_CHECKS)) {
                    CompiledCode fresh = isa.compile(f, keepVCode);
                    String diff = CodeComparison.firstDifference(code, fresh);
                    if (diff != null) {
                        mismatches.increment();
                        LOG.log(System.Logger.Level.WARNING, "compile cache: entry " + key
                                + " differs from a fresh compile (" + diff + "); replacing it");
                        store(key, fresh, 0);
                        misses.increment();
                        return new CacheResult(AppliedCode.apply(fresh, f.params()), false, key);
                    }
                } else {
                    timeSaved.add(Math.max(0, e.compileNanos() - (System.nanoTime() - t0)));
                }
                hits.increment();
                return new CacheResult(AppliedCode.apply(code, f.params()), true, key);
            }
        }
        misses.increment();
        long c0 = System.nanoTime();
        CompiledCode code = isa.compile(f, keepVCode);
        store(key, code, System.nanoTime() - c0);
        return new CacheResult(AppliedCode.apply(code, f.params()), false, key);
    }

    private CacheKey.Prefix prefix(TargetIsa isa) {
        PrefixFor p = lastPrefix;
        if (p == null || p.isa() != isa) lastPrefix = p = new PrefixFor(isa, CacheKey.prefix(isa));
        return p.prefix();
    }

    private void store(CacheKey key, CompiledCode code, long compileNanos) {
        byte[] enc = CompiledCodeCodec.encode(key, code, compileNanos);
        if (storePut(key, enc)) bytesWritten.add(enc.length);
    }

    private boolean storeUsable() {
        return !storeDisabled || System.nanoTime() - storeDisabledUntil >= 0;
    }

    private byte[] storeGet(CacheKey key) {
        if (!storeUsable()) return null;
        try {
            return store.getForRead(key); // decode reads it and keeps nothing of it
        } catch (Exception | LinkageError e) {
            failed("read", e);
            return null;
        }
    }

    private boolean storePut(CacheKey key, byte[] value) {
        if (!storeUsable()) return false;
        try {
            store.put(key, value);
            return true;
        } catch (Exception | LinkageError e) {
            failed("write", e);
            return false;
        }
    }

    private void storeRemove(CacheKey key) {
        if (!storeUsable()) return;
        try {
            store.remove(key);
        } catch (Exception | LinkageError e) {
            failed("remove", e);
        }
    }

    private void failed(String what, Throwable e) {
        storeErrors.increment();
        storeDisabledUntil = System.nanoTime() + retryAfterNanos;
        storeDisabled = true;
        if (warned.compareAndSet(false, true)) {
            warnings.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "compile cache: " + what + " from " + store.describe()
                    + " failed (" + e + "); compiling without the cache while it fails");
        }
    }

    /** Warnings logged about a failing store: at most one per cache. */
    public long storeWarnings() { return warnings.get(); }

    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), bytesRead.sum(), bytesWritten.sum(), timeSaved.sum(),
                storeErrors.sum(), corrupt.sum(), mismatches.sum());
    }
}
