package dev.davit.codegen.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.davit.codegen.settings.SettingError;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.Function;
import dev.davit.ir.UserExternalName;
import dev.davit.ir.UserFuncName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
    private final SyntheticIsa isa = new SyntheticIsa();

    private CacheKey key(Function f) { return CacheKey.of(isa, f.stencil()); }

    @Test
    void sameStencilSameKey() {
        assertEquals(key(Fixtures.calls()), key(Fixtures.calls()));
        assertEquals(64, key(Fixtures.calls()).hex().length());
    }

    @Test
    void parametersAndNameStayOut() {
        Function f = Fixtures.calls();
        CacheKey before = key(f);
        f.params().resetUserFunctionName(0, new UserExternalName(42, 4242));
        f.params().setBaseSrcLoc(0x7000);
        f.setName(new UserFuncName.User(new UserExternalName(9, 9)));
        assertEquals(before, key(f));
    }

    @Test
    void flagsTargetAndStencilGoIn() throws SettingError {
        CacheKey base = key(Fixtures.calls());
        SyntheticIsa speed = new SyntheticIsa(SharedSettings.GROUP.builder().set("opt_level", "speed").build(),
                SyntheticIsa.SETTINGS.builder().build());
        SyntheticIsa widgets = new SyntheticIsa(SharedSettings.defaults(),
                SyntheticIsa.SETTINGS.builder().enable("has_widgets").build());
        SyntheticIsa level = new SyntheticIsa(SharedSettings.defaults(),
                SyntheticIsa.SETTINGS.builder().set("widget_level", "3").build());
        Function f = Fixtures.calls();
        assertNotEquals(base, CacheKey.of(speed, f.stencil()));
        assertNotEquals(base, CacheKey.of(widgets, f.stencil()));
        assertNotEquals(base, CacheKey.of(level, f.stencil()));
        assertNotEquals(base, CacheKey.of("x86_64", isa.sharedFlags(), isa.isaFlags(), f.stencil().canonicalBytes()));
        assertEquals(base, CacheKey.of("synthetic", isa.sharedFlags(), isa.isaFlags(), f.stencil().canonicalBytes()));
        assertNotEquals(base, key(Fixtures.parse(Fixtures.CALLS.replace("iconst.i32 7", "iconst.i32 8"))));
        assertNotEquals(base, key(Fixtures.parse(Fixtures.CALLS.replace("explicit_slot 16", "explicit_slot 32"))));
    }

    /** SHA-256 by Bouncy Castle, independently of the implementation the key uses. */
    private static byte[] bcSha256(byte[]... parts) {
        SHA256Digest d = new SHA256Digest();
        for (byte[] p : parts) d.update(p, 0, p.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private static byte[] lengthPrefixed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).array();
    }

    @Test
    void keyIsTheDocumentedSha256() {
        // SHA-256(SHA-256(domain, version, target, shared flags, ISA flags) || stencil || u64 length).
        Function f = Fixtures.calls();
        byte[] stencil = f.stencil().canonicalBytes();
        byte[] target = bcSha256("davit compile cache key v2\0".getBytes(StandardCharsets.US_ASCII),
                lengthPrefixed(CacheKey.COMPILER_VERSION), lengthPrefixed("synthetic"),
                lengthPrefixed(isa.sharedFlags().toString()), lengthPrefixed(isa.isaFlags().toString()));
        byte[] expected = bcSha256(target, stencil, ByteBuffer.allocate(8).putLong(stencil.length).array());
        assertArrayEquals(expected, key(f).bytes());
        assertArrayEquals(expected, CacheKey.prefix(isa).key(stencil).bytes());
    }

    @Test
    void aLargeStencilIsHashedWhole() {
        // Past the key's gathering buffer (16 KiB), the stencil reaches the digest in several parts.
        StringBuilder text = new StringBuilder("function %big(i64) -> i64 {\nblock0(v0: i64):\n");
        int n = 6000;
        for (int i = 1; i <= n; i += 2) {
            text.append("    v").append(i).append(" = iconst.i64 ").append(i * 7919).append('\n');
            text.append("    v").append(i + 1).append(" = iadd v").append(i - 1).append(", v").append(i).append('\n');
        }
        text.append("    return v").append(n).append("\n}\n");
        Function f = Fixtures.parse(text.toString());
        byte[] stencil = f.stencil().canonicalBytes();
        assertEquals(true, stencil.length > 3 * (1 << 14), "the stencil spans several gathering buffers");
        byte[] target = bcSha256("davit compile cache key v2\0".getBytes(StandardCharsets.US_ASCII),
                lengthPrefixed(CacheKey.COMPILER_VERSION), lengthPrefixed("synthetic"),
                lengthPrefixed(isa.sharedFlags().toString()), lengthPrefixed(isa.isaFlags().toString()));
        byte[] expected = bcSha256(target, stencil, ByteBuffer.allocate(8).putLong(stencil.length).array());
        assertArrayEquals(expected, key(f).bytes());
        assertEquals(key(Fixtures.calls()), key(Fixtures.calls()), "and the next small key is unaffected");
    }

    @Test
    void aStencilThatThrowsLeavesTheNextKeyIntact() {
        Function good = Fixtures.calls();
        CacheKey expected = key(good);
        Function cyclic = Fixtures.calls();
        cyclic.dfg().setAlias(1, 1); // an alias cycle: the stencil writer throws part way through
        assertThrows(IllegalStateException.class, () -> key(cyclic));
        assertEquals(expected, key(good));
        assertEquals(expected, CacheKey.of("synthetic", isa.sharedFlags(), isa.isaFlags(), good.stencil().canonicalBytes()));
    }

    @Test
    void keysFromManyThreadsAgree() throws Exception {
        Function f = Fixtures.calls();
        CacheKey expected = key(f);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<CacheKey>> keys = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) keys.add(pool.submit(() -> key(Fixtures.calls())));
            for (java.util.concurrent.Future<CacheKey> k : keys) assertEquals(expected, k.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void bytesRoundTrip() {
        CacheKey k = key(Fixtures.calls());
        assertEquals(k, CacheKey.fromBytes(k.bytes()));
        assertThrows(IllegalArgumentException.class, () -> CacheKey.fromBytes(new byte[31]));
    }
}
