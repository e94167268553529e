package dev.davit.codegen.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded in-process store, least recently used entries evicted first. The bound is on bytes,
 * not entries, because entry sizes range from tens of bytes to megabytes; each entry is charged its
 * value plus {@link #ENTRY_OVERHEAD} for the key and map node.
 */
public final class MemoryStore implements CacheStore {
    /** Approximate heap cost of one entry beyond its value. */
    public static final int ENTRY_OVERHEAD = 128;

    private final long maxBytes;
    private final LinkedHashMap<CacheKey, byte[]> map = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    public MemoryStore(long maxBytes) {
        if (maxBytes < 0) throw new IllegalArgumentException("negative bound");
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized byte[] get(CacheKey key) {
        byte[] v = map.get(key);
        return v == null ? null : v.clone();
    }

    /** The stored array itself: entries are never modified in place (put stores a copy). */
    @Override
    public synchronized byte[] getForRead(CacheKey key) { return map.get(key); }

    @Override
    public void put(CacheKey key, byte[] value) {
        long cost = (long) value.length + ENTRY_OVERHEAD;
        if (cost > maxBytes) return; // it would evict everything and still not fit
        byte[] copy = value.clone();
        synchronized (this) {
            byte[] old = map.put(key, copy);
            if (old != null) bytes -= old.length + ENTRY_OVERHEAD;
            bytes += cost;
            Iterator<Map.Entry<CacheKey, byte[]>> it = map.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                Map.Entry<CacheKey, byte[]> e = it.next();
                if (e.getKey().equals(key)) continue;
                bytes -= e.getValue().length + ENTRY_OVERHEAD;
                it.remove();
            }
        }
    }

    @Override
    public synchronized void remove(CacheKey key) {
        byte[] old = map.remove(key);
        if (old != null) bytes -= old.length + ENTRY_OVERHEAD;
    }

    /** Bytes charged for the entries held now. */
    public synchronized long sizeBytes() { return bytes; }

    public synchronized int entryCount() { return map.size(); }

    public long maxBytes() { return maxBytes; }

    @Override
    public String describe() { return "memory(" + maxBytes + " bytes)"; }
}
