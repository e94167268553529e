package dev.davit.codegen.cache;

import java.io.IOException;

/**
 * Where cache entries live: opaque byte arrays by {@link CacheKey}. A store need not validate what
 * it returns ({@link CompiledCodeCodec#decode} does), but it must be safe to call from several
 * threads, and may throw on failure: {@link CompileCache} turns failures into misses.
 */
public interface CacheStore extends AutoCloseable {
    /** The entry stored under {@code key}, or null. The caller may keep and modify the array. */
    byte[] get(CacheKey key) throws IOException;

    /**
     * The entry stored under {@code key}, or null, for reading only: the caller must neither modify
     * nor keep the array, which may be the store's own (what lets an in-memory hit skip a copy).
     */
    default byte[] getForRead(CacheKey key) throws IOException { return get(key); }

    /** Stores {@code value} (the store keeps no reference to it) under {@code key}, replacing any entry. */
    void put(CacheKey key, byte[] value) throws IOException;

    /** Forgets {@code key}: a damaged entry is dropped rather than read again. */
    void remove(CacheKey key) throws IOException;

    /** A short description for messages: {@code memory}, {@code disk:/path}, {@code redis://host:port}. */
    String describe();

    /**
     * Makes what was put so far visible to other processes (a store that writes behind writes what
     * waits); throws a write that failed. Nothing to do for most stores.
     */
    default void flush() throws IOException {}

    @Override
    default void close() throws IOException {}
}
