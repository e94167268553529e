package dev.davit.jit.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** GNU binutils for AArch64 ({@code binutils-aarch64-linux-gnu}), to check hand-written code against. */
final class Gas {
    private Gas() {}

    static boolean available() {
        return onPath("aarch64-linux-gnu-as") && onPath("aarch64-linux-gnu-objcopy");
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(":")) if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return true;
        return false;
    }

    /** The .text bytes GNU as makes of {@code source} (relocated fields left as as leaves them: zero). */
    static byte[] assemble(String source) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("davit-gas-");
        try {
            Path s = dir.resolve("a.s"), o = dir.resolve("a.o"), bin = dir.resolve("a.bin");
            Files.writeString(s, source);
            run(dir, "aarch64-linux-gnu-as", "-o", o.toString(), s.toString());
            run(dir, "aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", o.toString(), bin.toString());
            return Files.readAllBytes(bin);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }

    static Optional<String> missing() {
        return available() ? Optional.empty() : Optional.of("aarch64-linux-gnu-as not installed (apt-get install binutils-aarch64-linux-gnu)");
    }
}
