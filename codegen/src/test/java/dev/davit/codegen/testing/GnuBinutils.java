package dev.davit.codegen.testing;

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

/**
 * GNU binutils run once over a whole file of instructions, the reference the backends' encoder
 * tests compare against: the bytes of {@code .text} and its relocations. Shared by both backends
 * through this module's test jar.
 */
public final class GnuBinutils {
    /** x86-64, Intel syntax (Debian {@code binutils}). */
    public static final GnuBinutils X64 = new GnuBinutils("", List.of("--64"), ".intel_syntax noprefix\n.text\n",
            "R_X86_64_", "x86-64", "the binutils package");
    /** AArch64 (Debian {@code binutils-aarch64-linux-gnu}); FEAT_LSE is not in the default armv8-a. */
    public static final GnuBinutils AARCH64 = new GnuBinutils("aarch64-linux-gnu-", List.of("-march=armv8-a+lse"), ".text\n", "R_AARCH64_",
            "AArch64", "binutils-aarch64-linux-gnu (Debian: apt-get install binutils-aarch64-linux-gnu)");

    public record Reloc(int offset, String type, String symbol, long addend) {}

    public record Result(byte[] text, List<Reloc> relocs) {}

    private final String prefix;
    private final List<String> asArgs;
    private final String header;
    private final Pattern reloc;
    private final String isa;
    private final String install;

    private GnuBinutils(String prefix, List<String> asArgs, String header, String relocPrefix, String isa, String install) {
        this.prefix = prefix;
        this.asArgs = asArgs;
        this.header = header;
        this.reloc = Pattern.compile("^([0-9a-f]+)\\s+(" + relocPrefix + "\\w+)\\s+([\\w.]+)([+-]0x[0-9a-f]+)?\\s*$");
        this.isa = isa;
        this.install = install;
    }

    /** Assembles {@code body} (after this target's header lines). */
    public Result assemble(String body) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("davit-as");
        try {
            Path src = dir.resolve("t.s");
            Path obj = dir.resolve("t.o");
            Path bin = dir.resolve("t.bin");
            Files.writeString(src, header + body);
            List<String> as = new ArrayList<>();
            as.add(prefix + "as");
            as.addAll(asArgs);
            as.addAll(List.of("-o", obj.toString(), src.toString()));
            run(dir, as.toArray(new String[0]));
            run(dir, prefix + "objcopy", "-O", "binary", "--only-section=.text", obj.toString(), bin.toString());
            String relocText = run(dir, prefix + "objdump", "-r", obj.toString());
            return new Result(Files.readAllBytes(bin), parseRelocs(relocText));
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private List<Reloc> parseRelocs(String text) {
        List<Reloc> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = reloc.matcher(line.trim());
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

    private String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("GNU binutils (" + cmd[0] + ") is needed for the " + isa
                    + " encoding tests but could not be run; install " + install, e);
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
