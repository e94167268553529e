package dev.davit.codegen.cache;

/**
 * What a {@link CompileCache} did since it was made: a snapshot, consistent per counter.
 *
 * @param hits             compiles answered from the store
 * @param misses           compiles that ran the backend (including those after a corrupt entry)
 * @param bytesRead        entry bytes read from the store, usable or not
 * @param bytesWritten     entry bytes written to the store
 * @param timeSavedNanos   for each hit, what the stored compile took minus what the hit took
 * @param storeErrors      store calls that failed (each one a miss or a lost write)
 * @param corruptEntries   entries that failed to decode (damaged, other version, other key)
 * @param checkMismatches  hits that differed from a fresh compile in checking mode (a bug)
 */
public record CacheStats(long hits, long misses, long bytesRead, long bytesWritten, long timeSavedNanos,
                         long storeErrors, long corruptEntries, long checkMismatches) {
    /** Hits over lookups; 0 before any. */
    public double hitRate() {
        long n = hits + misses;
        return n == 0 ? 0 : (double) hits / n;
    }

    @Override
    public String toString() {
        return String.format("hits %d, misses %d (hit rate %.1f%%), read %d B, written %d B, saved %.3f ms"
                        + ", store errors %d, corrupt entries %d, check mismatches %d",
                hits, misses, 100 * hitRate(), bytesRead, bytesWritten, timeSavedNanos / 1e6, storeErrors,
                corruptEntries, checkMismatches);
    }
}
