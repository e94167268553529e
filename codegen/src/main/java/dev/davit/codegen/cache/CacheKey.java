package dev.davit.codegen.cache;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.settings.Flags;
import dev.davit.ir.FunctionStencil;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.WeakHashMap;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The 32-byte SHA-256 under which a compiled stencil is stored. It covers everything compilation
 * reads and nothing else: the canonical stencil bytes, the target's name, every shared and ISA flag
 * (as {@link Flags#toString()} lists them, so a new setting changes every key rather than being
 * silently ignored) and {@link #COMPILER_VERSION}. {@code FunctionParameters} stay out, which is what
 * lets a renamed function or one at another source position hit.
 *
 * <p>Two hashes make a key. The target half, once per target ({@link Prefix}): SHA-256 of a domain
 * string then the compiler version, the target name, the shared flags and the ISA flags, each
 * length-prefixed so that no two different inputs concatenate to the same bytes. The key:
 * SHA-256 of that 32-byte target digest, the canonical stencil bytes (streamed from the stencil,
 * never built as an array) and their length as 8 big-endian bytes. The target digest has a fixed
 * size and the stencil runs to the length at the end, so the parts are unambiguous too.
 *
 * <p>SHA-256 is Bouncy Castle's, as the project fixes it, from its LTS edition ({@code
 * bcprov-lts8on}): {@link SHA256Digest#newInstance()} gives the native implementation on x86-64 and
 * AArch64 Linux (SHA-NI or the ARMv8 SHA-2 instructions), which hashes the cache benchmark's mean
 * stencil (238 bytes) in about 0.35 us against 2 us for Bouncy Castle's Java code, and falls back to
 * the Java code elsewhere with the same bytes. It needs native access ({@code
 * --enable-native-access=ALL-UNNAMED}, which clif-util's manifest carries); without it the JVM warns
 * once and the key is the same.
 */
public final class CacheKey {
    /**
     * Names the code generator whose output the cache holds. Bump it whenever a change to codegen,
     * a backend, the register allocator or the ABI can change the code produced for some stencil:
     * entries of older compilers then stop matching instead of being returned.
     */
    public static final String COMPILER_VERSION = "davit-0.1.0/cache-2";

    public static final int SIZE = 32;

    /** Version 2: the stencil is streamed after a digest of the target, with its length after it. */
    private static final byte[] DOMAIN = "davit compile cache key v2\0".getBytes(StandardCharsets.US_ASCII);

    // The 32 bytes as four big-endian longs: a lookup compares the key it computed with the one a
    // store holds, and the held key's fields then sit in its own object, not in an array to chase.
    private final long w0, w1, w2, w3;

    private CacheKey(byte[] b, int off) {
        w0 = word(b, off);
        w1 = word(b, off + 8);
        w2 = word(b, off + 16);
        w3 = word(b, off + 24);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static long word(byte[] b, int off) { return (long) LONGS.get(b, off); }

    /** A key from its 32 bytes. */
    public static CacheKey fromBytes(byte[] b) {
        if (b.length != SIZE) throw new IllegalArgumentException("cache key must be 32 bytes, got " + b.length);
        return new CacheKey(b, 0);
    }

    /** The key of {@code stencil} compiled for {@code isa}. */
    public static CacheKey of(TargetIsa isa, FunctionStencil stencil) {
        return prefix(isa).key(stencil);
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
            Prefix p = PREFIXES.get(isa);
            if (p == null) {
                p = new Prefix(isa.name(), isa.sharedFlags(), isa.isaFlags());
                PREFIXES.put(isa, p);
            }
            return p;
        }
    }

    /** Targets are few and long-lived; weak keys let a dropped one go. */
    private static final Map<TargetIsa, Prefix> PREFIXES = new WeakHashMap<>();


    /**
     * A thread's digest, fed the stencil's chunks as it is written: keys are computed with no
     * allocation but the key's own 32 bytes. Input is gathered here and handed to the digest in as
     * few calls as it can be (one for most stencils): each call to the native digest crosses JNI.
     */
    private static final class Hasher implements FunctionStencil.CanonicalSink {
        /** Gathered input beyond this goes to the digest as it comes. */
        private static final int GATHER = 1 << 14;

        final Digest md = SHA256Digest.newInstance();
        byte[] buf = new byte[4096];
        int len;
        final byte[] out = new byte[SIZE];
        /** Whether {@link #md} holds input of a key that was not finished (its stencil threw). */
        boolean dirty;

        void start(byte[] target) {
            if (dirty) md.reset(); // doFinal() resets it otherwise
            dirty = true;
            System.arraycopy(target, 0, buf, 0, SIZE);
            len = SIZE;
        }

        @Override
        public void write(byte[] b, int off, int n) {
            if (len + n > buf.length) {
                if (len + n > GATHER) {
                    md.update(buf, 0, len);
                    len = 0;
                    if (n > GATHER) {
                        md.update(b, off, n);
                        return;
                    }
                }
                if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(len + n, 2 * buf.length));
            }
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        CacheKey finish(long n) {
            if (len + 8 > buf.length) {
                md.update(buf, 0, len);
                len = 0;
            }
            for (int i = 0; i < 8; i++) buf[len + i] = (byte) (n >>> (56 - 8 * i));
            md.update(buf, 0, len + 8);
            len = 0;
            md.doFinal(out, 0); // and resets
            dirty = false;
            return new CacheKey(out, 0);
        }
    }

    private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);

    /** A target's digest (the compiler version, the target and its flags); immutable, shared by threads. */
    public static final class Prefix {
        private final byte[] target;

        Prefix(String target, Flags shared, Flags isaFlags) {
            Digest d = SHA256Digest.newInstance();
            d.update(DOMAIN, 0, DOMAIN.length);
            part(d, COMPILER_VERSION.getBytes(StandardCharsets.UTF_8));
            part(d, target.getBytes(StandardCharsets.UTF_8));
            part(d, shared.toString().getBytes(StandardCharsets.UTF_8));
            part(d, isaFlags.toString().getBytes(StandardCharsets.UTF_8));
            this.target = new byte[SIZE];
            d.doFinal(this.target, 0);
        }

        /** The key of {@code stencil} for this target, hashing the stencil as it is written. */
        public CacheKey key(FunctionStencil stencil) {
            Hasher h = HASHERS.get();
            h.start(target);
            return h.finish(stencil.writeCanonical(h));
        }

        /** The key of canonical stencil bytes for this target: the same as {@link #key(FunctionStencil)}. */
        public CacheKey key(byte[] canonicalStencil) {
            Hasher h = HASHERS.get();
            h.start(target);
            h.write(canonicalStencil, 0, canonicalStencil.length);
            return h.finish(canonicalStencil.length);
        }

        private static void part(Digest d, byte[] b) {
            int n = b.length;
            d.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, 0, 4);
            d.update(b, 0, n);
        }
    }

    /** The 32 bytes (a new array). */
    public byte[] bytes() {
        byte[] b = new byte[SIZE];
        writeTo(b, 0);
        return b;
    }

    /** Whether {@code b[off, off+32)} holds this key; for checking an entry without copying it. */
    public boolean matches(byte[] b, int off) {
        return off >= 0 && b.length - off >= SIZE && word(b, off) == w0 && word(b, off + 8) == w1
                && word(b, off + 16) == w2 && word(b, off + 24) == w3;
    }

    void writeTo(byte[] b, int off) {
        LONGS.set(b, off, w0);
        LONGS.set(b, off + 8, w1);
        LONGS.set(b, off + 16, w2);
        LONGS.set(b, off + 24, w3);
    }

    /** The first of the 32 bytes, 0 to 255. */
    int firstByte() { return (int) (w0 >>> 56); }

    /** Lower-case hex: file names and Redis keys. */
    public String hex() { return HexFormat.of().formatHex(bytes()); }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && w0 == k.w0 && w1 == k.w1 && w2 == k.w2 && w3 == k.w3;
    }

    @Override
    public int hashCode() {
        // The bytes are a cryptographic hash already: any four of them are as good as all.
        return (int) (w0 >>> 32);
    }

    @Override
    public String toString() { return hex(); }
}
