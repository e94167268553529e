package dev.davit.jit;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One private anonymous mapping split into a code region and a read-only data region, each a
 * whole number of pages. While open for writing both regions are read+write and nothing is
 * executable; {@link #seal()} turns the code region read+execute and the data region read-only, and
 * from then on nothing in the mapping is writable. So the mapping is never writable and executable
 * at once (W^X).
 *
 * <p>The segments handed out belong to a shared arena whose close unmaps the pages, so a use after
 * {@link #close()} is an {@link IllegalStateException}, not a wild access, and closing while a call
 * through {@link NativeCall} is running in another thread fails instead of pulling the code from
 * under it.
 */
// Restricted FFM methods (raw addresses, downcalls) are what this class is for.
@SuppressWarnings("restricted")
public final class ExecutableMemory implements AutoCloseable {
    private final Arena arena;
    private final long base;
    private final long codeSize;
    private final long dataSize;
    private final MemorySegment code;
    private final MemorySegment data;
    private volatile boolean sealed;

    private ExecutableMemory(long codeBytes, long dataBytes) {
        if (!Posix.isLinux()) throw new UnsupportedOperationException("executable memory is implemented for Linux only");
        if (codeBytes < 0 || dataBytes < 0) throw new IllegalArgumentException("negative size");
        this.codeSize = Posix.roundUpToPage(Math.max(codeBytes, 1));
        this.dataSize = dataBytes == 0 ? 0 : Posix.roundUpToPage(dataBytes);
        long total = codeSize + dataSize;
        this.base = Posix.mmap(total);
        this.arena = Arena.ofShared();
        MemorySegment all = MemorySegment.ofAddress(base).reinterpret(total, arena, s -> Posix.munmap(base, total));
        this.code = all.asSlice(0, codeSize);
        this.data = all.asSlice(codeSize, dataSize);
    }

    /** Maps at least {@code codeBytes} of code and {@code dataBytes} of read-only data, both writable until sealed. */
    public static ExecutableMemory allocate(long codeBytes, long dataBytes) {
        return new ExecutableMemory(codeBytes, dataBytes);
    }

    /** The code region: writable before {@link #seal()}, a read-only view after. */
    public MemorySegment code() { return sealed ? code.asReadOnly() : code; }

    /** The data region (possibly empty): writable before {@link #seal()}, a read-only view after. */
    public MemorySegment data() { return sealed ? data.asReadOnly() : data; }

    public long codeAddress() { return base; }

    public long dataAddress() { return base + codeSize; }

    public long codeSize() { return codeSize; }

    public long dataSize() { return dataSize; }

    public boolean isSealed() { return sealed; }

    /** The arena that owns the mapping: segments derived from this memory should live in it. */
    Arena arena() { return arena; }

    /** Makes code read+execute and data read-only. Idempotent. */
    public synchronized void seal() {
        if (sealed) return;
        if (!arena.scope().isAlive()) throw new IllegalStateException("closed");
        // Data first: if the code mprotect fails nothing has become executable.
        if (dataSize > 0) Posix.mprotect(dataAddress(), dataSize, Posix.PROT_READ);
        // No explicit instruction-cache flush: x86 keeps caches coherent, and on AArch64 Linux the
        // kernel cleans the data cache and invalidates the instruction cache when a user page
        // becomes executable (set_pte_at -> __sync_icache_dcache), which this mprotect does.
        Posix.mprotect(base, codeSize, Posix.PROT_READ | Posix.PROT_EXEC);
        sealed = true;
    }

    /** Unmaps the pages. Fails with {@link IllegalStateException} while a call into the code is running. */
    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
