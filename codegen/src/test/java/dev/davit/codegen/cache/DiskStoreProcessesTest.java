package dev.davit.codegen.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes sharing one {@link DiskStore} directory, with a bound small enough that they evict
 * under each other: every value read must be exactly one that was written for its key.
 */
class DiskStoreProcessesTest {
    @TempDir
    Path dir;

    static final int KEYS = 40;
    static final long BOUND = 30_000;

    /** The one value ever written under key {@code k}: any reader can check it. */
    static byte[] valueOf(int k) {
        byte[] v = new byte[300 + 17 * k];
        for (int i = 0; i < v.length; i++) v[i] = (byte) (k * 31 + i);
        return v;
    }

    /** A worker process: {@code dir rounds seed}; exit status 0 if every read checked out. */
    public static void main(String[] args) throws IOException {
        DiskStore s = new DiskStore(Path.of(args[0]), BOUND);
        int rounds = Integer.parseInt(args[1]), seed = Integer.parseInt(args[2]);
        int hits = 0;
        for (int r = 0; r < rounds; r++) {
            int k = Math.floorMod(r * 7 + seed * 13, KEYS);
            s.put(MemoryStoreTest.key(k), valueOf(k));
            int q = Math.floorMod(r * 11 + seed, KEYS);
            byte[] got = s.get(MemoryStoreTest.key(q));
            if (got != null) {
                if (!Arrays.equals(got, valueOf(q))) {
                    System.out.println("BAD value for key " + q);
                    System.exit(1);
                }
                hits++;
            }
        }
        System.out.println("ok " + hits);
        System.exit(0);
    }

    @Test
    void severalProcessesShareADirectory() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(new ProcessBuilder(java, "-cp", cp, DiskStoreProcessesTest.class.getName(), dir.toString(), "400",
                    Integer.toString(i)).redirectErrorStream(true).start());
        }
        for (Process p : ps) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "worker hung");
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.startsWith("ok"), out);
        }
        DiskStore s = new DiskStore(dir, BOUND);
        s.evict();
        assertTrue(s.approximateSizeBytes() <= BOUND);
        try (Stream<Path> all = Files.walk(dir)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")), "temporary files left");
        }
        for (int k = 0; k < KEYS; k++) {
            byte[] got = s.get(MemoryStoreTest.key(k));
            assertTrue(got == null || Arrays.equals(got, valueOf(k)), "key " + k);
        }
    }
}
