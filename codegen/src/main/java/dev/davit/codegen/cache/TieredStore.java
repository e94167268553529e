package dev.davit.codegen.cache;

import java.io.IOException;

/**
 * A fast store in front of a slower, shared one (memory before disk, disk before Redis): reads try
 * the near store first and copy what the far one has into it; writes go to both. A far store that
 * fails still fails the call, so {@link CompileCache} notices and counts it, but only after the near
 * store has been served or written.
 */
public final class TieredStore implements CacheStore {
    private final CacheStore near;
    private final CacheStore far;

    public TieredStore(CacheStore near, CacheStore far) {
        this.near = near;
        this.far = far;
    }

    @Override
    public byte[] get(CacheKey key) throws IOException {
        byte[] v = near.get(key);
        if (v != null) return v;
        v = far.get(key);
        if (v != null) near.put(key, v);
        return v;
    }

    @Override
    public byte[] getForRead(CacheKey key) throws IOException {
        byte[] v = near.getForRead(key);
        if (v != null) return v;
        v = far.get(key);
        if (v != null) near.put(key, v);
        return v;
    }

    @Override
    public void put(CacheKey key, byte[] value) throws IOException {
        near.put(key, value);
        far.put(key, value);
    }

    @Override
    public void remove(CacheKey key) throws IOException {
        near.remove(key);
        far.remove(key);
    }

    @Override
    public String describe() { return near.describe() + " + " + far.describe(); }

    @Override
    public void flush() throws IOException {
        try {
            near.flush();
        } finally {
            far.flush();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            near.close();
        } finally {
            far.close();
        }
    }
}
