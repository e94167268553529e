package dev.davit.codegen.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.Function;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real {@code redis-server} this test starts on a free loopback port (and stops). Skipped,
 * saying why, only when the binary is not installed; {@code .ci/run} installs it.
 */
class RedisStoreTest {
    private static Process server;
    private static int port;

    static Path findRedisServer() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                Path p = Path.of(d, "redis-server");
                if (Files.isExecutable(p)) return p;
            }
        }
        for (String d : new String[] {"/usr/bin", "/usr/sbin", "/usr/local/bin"}) {
            Path p = Path.of(d, "redis-server");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    @BeforeAll
    static void startServer() throws Exception {
        Path bin = findRedisServer();
        Assumptions.assumeTrue(bin != null,
                "redis-server is not installed: RedisStore tests skipped (apt-get install redis-server; CI has it)");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder(bin.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (RedisStore probe = store("probe:", null)) {
                probe.ping();
                return;
            } catch (RuntimeException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server did not come up on port " + port, e);
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) server.destroyForcibly();
        }
    }

    static RedisStore store(String prefix, Duration expiry) {
        return new RedisStore("127.0.0.1", port, prefix, expiry, Duration.ofMillis(1000));
    }

    static CacheKey key(int i) { return MemoryStoreTest.key(i); }

    @Test
    void putGetRemoveWithPrefixes() {
        try (RedisStore a = store("a:", null); RedisStore b = store("b:", null)) {
            assertNull(a.get(key(1)));
            a.put(key(1), new byte[] {0, 1, (byte) 0xFF});
            assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, a.get(key(1)));
            assertNull(b.get(key(1)));
            a.remove(key(1));
            assertNull(a.get(key(1)));
            assertEquals("redis://127.0.0.1:" + port, a.describe());
        }
    }

    @Test
    void entriesExpire() throws InterruptedException {
        try (RedisStore s = store("exp:", Duration.ofMillis(150))) {
            s.put(key(2), new byte[] {5});
            assertArrayEquals(new byte[] {5}, s.get(key(2)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (s.get(key(2)) != null) {
                assertTrue(System.nanoTime() < deadline, "entry did not expire");
                Thread.sleep(50);
            }
        }
    }

    @Test
    void twoCachesShareThroughRedis() throws Exception {
        SyntheticIsa isa = new SyntheticIsa();
        try (RedisStore s1 = store("share:", Duration.ofMinutes(5)); RedisStore s2 = RedisStore.fromUri("redis://127.0.0.1:" + port)) {
            // fromUri uses the default prefix; give the first machine the same one.
            RedisStore m1 = new RedisStore("127.0.0.1", port, RedisStore.DEFAULT_PREFIX, null, Duration.ofSeconds(1));
            try (m1) {
                Function f = Fixtures.calls();
                assertFalse(new CompileCache(m1).compileWithCache(isa, f).hit());
                CacheResult r = new CompileCache(s2).compileWithCache(isa, Fixtures.calls());
                assertTrue(r.hit());
                assertEquals(AppliedCode.apply(isa.compile(f, false), f.params()), r.applied());
                assertFalse(new CompileCache(s1).compileWithCache(isa, Fixtures.calls()).hit());
            }
        }
    }

    @Test
    void unreachableRedisDegradesToMisses() throws IOException, Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        try (RedisStore s = new RedisStore("127.0.0.1", dead, "x:", null, Duration.ofMillis(200))) {
            CompileCache cache = new CompileCache(s, false, Duration.ZERO);
            SyntheticIsa isa = new SyntheticIsa();
            for (int i = 0; i < 3; i++) assertFalse(cache.compileWithCache(isa, Fixtures.calls()).hit());
            assertEquals(1, cache.storeWarnings());
            assertEquals(6, cache.stats().storeErrors());
        }
    }

    @Test
    void badUri() {
        assertThrows(IllegalArgumentException.class, () -> RedisStore.fromUri("http://x:1"));
    }
}
