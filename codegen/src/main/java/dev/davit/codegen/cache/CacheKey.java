package dev.davit.codegen.cache;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.settings.Flags;
import dev.davit.ir.FunctionStencil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.WeakHashMap;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The 32-byte SHA-256 under which a compiled stencil is stored. It covers everything compilation
 * reads and nothing else: the canonical stencil bytes, the target's name, every shared and ISA flag
 * (as {@link Flags#toString()} lists them, so a new setting changes every key rather than being
 * silently ignored) and {@link #COMPILER_VERSION}. {@code FunctionParameters} stay out, which is what
 * lets a renamed function or one at another source position hit.
 *
 * <p>Each part is length-prefixed so that no two different inputs concatenate to the same bytes.
 */
public final class CacheKey {
    /**
     * Names the code generator whose output the cache holds. Bump it whenever a change to codegen,
     * a backend, the register allocator or the ABI can change the code produced for some stencil:
     * entries of older compilers then stop matching instead of being returned.
     */
    public static final String COMPILER_VERSION = "davit-0.1.0/cache-1";

    public static final int SIZE = 32;

    private static final byte[] DOMAIN = "davit compile cache key\0".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;

    private CacheKey(byte[] bytes) { this.bytes = bytes; }

    /** A key from its 32 bytes (copied). */
    public static CacheKey fromBytes(byte[] b) {
        if (b.length != SIZE) throw new IllegalArgumentException("cache key must be 32 bytes, got " + b.length);
        return new CacheKey(b.clone());
    }

    /** The key of {@code stencil} compiled for {@code isa}. */
    public static CacheKey of(TargetIsa isa, FunctionStencil stencil) {
        return prefix(isa).key(stencil.canonicalBytes());
    }

    /** The key of canonical stencil bytes compiled for a target described by its parts. */
    public static CacheKey of(String target, Flags shared, Flags isaFlags, byte[] canonicalStencil) {
        return new Prefix(target, shared, isaFlags).key(canonicalStencil);
    }

    /**
     * The target half of keys, hashed once per target and reused for every function: printing and
     * hashing every flag costs several times what hashing a small stencil does.
     */
    public static Prefix prefix(TargetIsa isa) {
        synchronized (PREFIXES) {
            return PREFIXES.computeIfAbsent(isa, i -> new Prefix(i.name(), i.sharedFlags(), i.isaFlags()));
        }
    }

    /** Targets are few and long-lived; weak keys let a dropped one go. */
    private static final Map<TargetIsa, Prefix> PREFIXES = new WeakHashMap<>();

    /**
     * A digest state that has absorbed the compiler version, the target and its flags. Immutable:
     * {@link #key} works on a copy, so one prefix serves all threads.
     */
    public static final class Prefix {
        private final SHA256Digest state;

        Prefix(String target, Flags shared, Flags isaFlags) {
            SHA256Digest d = new SHA256Digest();
            d.update(DOMAIN, 0, DOMAIN.length);
            part(d, COMPILER_VERSION.getBytes(StandardCharsets.UTF_8));
            part(d, target.getBytes(StandardCharsets.UTF_8));
            part(d, shared.toString().getBytes(StandardCharsets.UTF_8));
            part(d, isaFlags.toString().getBytes(StandardCharsets.UTF_8));
            state = d;
        }

        public CacheKey key(byte[] canonicalStencil) {
            SHA256Digest d = new SHA256Digest(state);
            part(d, canonicalStencil);
            byte[] out = new byte[SIZE];
            d.doFinal(out, 0);
            return new CacheKey(out);
        }

        private static void part(SHA256Digest d, byte[] b) {
            int n = b.length;
            d.update((byte) (n >>> 24));
            d.update((byte) (n >>> 16));
            d.update((byte) (n >>> 8));
            d.update((byte) n);
            d.update(b, 0, n);
        }
    }

    /** The 32 bytes (a copy). */
    public byte[] bytes() { return bytes.clone(); }

    /** Whether {@code b[off, off+32)} holds this key; for checking an entry without copying it. */
    public boolean matches(byte[] b, int off) {
        return off >= 0 && b.length - off >= SIZE && Arrays.equals(bytes, 0, SIZE, b, off, off + SIZE);
    }

    void writeTo(byte[] b, int off) { System.arraycopy(bytes, 0, b, off, SIZE); }

    /** Lower-case hex: file names and Redis keys. */
    public String hex() { return HexFormat.of().formatHex(bytes); }

    @Override
    public boolean equals(Object o) { return o instanceof CacheKey k && Arrays.equals(bytes, k.bytes); }

    @Override
    public int hashCode() {
        // The bytes are a cryptographic hash already: any four of them are as good as all.
        return (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
    }

    @Override
    public String toString() { return hex(); }
}
