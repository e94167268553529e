package dev.davit.lower.aarch64.inst;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs GNU binutils once over a whole file of AArch64 instructions (binutils-aarch64-linux-gnu). */
final class GnuAs {
    private GnuAs() {}

    record Reloc(int offset, String type, String symbol, long addend) {}

    record Result(byte[] text, List<Reloc> relocs) {}

    static Result assemble(String body) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("davit-as");
        try {
            Path src = dir.resolve("t.s");
            Path obj = dir.resolve("t.o");
            Path bin = dir.resolve("t.bin");
            Files.writeString(src, ".text\n" + body);
            run(dir, "aarch64-linux-gnu-as", "-o", obj.toString(), src.toString());
            run(dir, "aarch64-linux-gnu-objcopy", "-O", "binary", "--only-section=.text", obj.toString(), bin.toString());
            String relocText = run(dir, "aarch64-linux-gnu-objdump", "-r", obj.toString());
            return new Result(Files.readAllBytes(bin), parseRelocs(relocText));
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static final Pattern RELOC = Pattern.compile("^([0-9a-f]+)\\s+(R_AARCH64_\\w+)\\s+([\\w.]+)([+-]0x[0-9a-f]+)?\\s*$");

    private static List<Reloc> parseRelocs(String text) {
        List<Reloc> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = RELOC.matcher(line.trim());
            if (m.matches()) {
                long addend = 0;
                if (m.group(4) != null) {
                    String a = m.group(4);
                    addend = Long.parseUnsignedLong(a.substring(3), 16) * (a.charAt(0) == '-' ? -1 : 1);
                }
                out.add(new Reloc(Integer.parseInt(m.group(1), 16), m.group(2), m.group(3), addend));
            }
        }
        return out;
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("GNU binutils (" + cmd[0] + ") is needed for the AArch64 encoding tests"
                    + " but could not be run; install binutils-aarch64-linux-gnu (Debian: apt-get install binutils-aarch64-linux-gnu)", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd[0] + " timed out");
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + (s.length() > 4000 ? s.substring(0, 4000) : s));
        }
        return s;
    }
}
