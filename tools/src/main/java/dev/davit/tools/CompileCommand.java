package dev.davit.tools;

import dev.davit.codegen.isa.IsaRegistry;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.settings.SettingError;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.IsaLine;
import dev.davit.ir.reader.ParseError;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.ir.reader.TestFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clif-util compile [--target NAME] [--set k=v]... [-p] [-D] FILE...}: compiles every function
 * for a target (the option, else the file's first {@code target} line, else the host) and prints its
 * size; {@code -p} the VCode before and after register allocation, {@code -D} the code bytes.
 */
@Command(name = "compile", description = "Compile CLIF functions to machine code.")
final class CompileCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Option(names = "--target", paramLabel = "NAME", description = "Target and flags, e.g. 'x86_64 has_avx' (default: the file's target line, else the host).")
    String target;

    @Option(names = "--set", paramLabel = "K=V", description = "A shared setting, e.g. opt_level=speed (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "-p", description = "Print the VCode, before and after register allocation.")
    boolean print;

    @Option(names = "-D", description = "Print our disassembly of the machine code (its bytes where the target has none yet).")
    boolean disasm;

    @Option(names = "--cache", paramLabel = "DIR|redis://HOST:PORT",
            description = "Reuse compiled code through the incremental cache (a directory, or a Redis server); prints hit statistics.")
    String cache;

    @Override
    public Integer call() {
        int status = 0;
        if (cache != null) {
            try {
                dev.davit.codegen.cache.CacheStore store = cache.startsWith("redis://")
                        ? dev.davit.codegen.cache.RedisStore.fromUri(cache)
                        : new dev.davit.codegen.cache.DiskStore(Path.of(cache), 1L << 30, true);
                compileCache = new dev.davit.codegen.cache.CompileCache(store);
            } catch (IOException | RuntimeException e) {
                System.err.println("error: cannot open cache " + cache + ": " + e.getMessage());
                return 2;
            }
        }
        for (Path p : files) {
            TestFile tf;
            try {
                tf = ClifParser.parseTestFile(Files.readString(p), p.toString());
            } catch (IOException e) {
                System.err.println("error: cannot read " + p + ": " + IoErrors.reason(e));
                status = 1;
                continue;
            } catch (ParseError e) {
                System.err.println(e.getMessage());
                status = 1;
                continue;
            }
            TargetIsa isa;
            try {
                isa = isa(tf);
            } catch (SettingError e) {
                System.err.println(p + ": " + e.getMessage());
                return 2;
            }
            for (ParsedFunction pf : tf.functions()) {
                try {
                    CompiledCode cc;
                    String hit = "";
                    if (compileCache() != null) {
                        dev.davit.codegen.cache.CacheResult r = compileCache().compileWithCache(isa, pf.function(), print || disasm);
                        cc = r.code();
                        hit = r.hit() ? " (cache hit)" : " (cache miss)";
                    } else {
                        cc = isa.compile(pf.function(), print || disasm);
                    }
                    System.out.printf("%s: %s: %d bytes, frame %d bytes, %d spill slots%s%n", p, pf.function().name().text(),
                            cc.buffer().totalSize(), cc.frameSize(), cc.numSpillSlots(), hit);
                    // The backend's text is the VCode, then (where the backend has one) our disassembly.
                    String text = cc.vcode();
                    int split = text == null ? -1 : text.indexOf(DISASSEMBLY);
                    if (print && text != null) System.out.println((split >= 0 ? text.substring(0, split) : text).indent(2).stripTrailing());
                    if (disasm) {
                        String listing = split >= 0 ? text.substring(split + DISASSEMBLY.length()) : hex(cc.bytes(), cc.buffer().totalSize());
                        System.out.println(listing.indent(2).stripTrailing());
                    }
                } catch (TargetIsa.CompileError e) {
                    System.err.println(p + ":" + pf.details().startLine() + ": " + pf.function().name().text() + ": " + e.getMessage());
                    status = 1;
                }
            }
        }
        if (compileCache != null) {
            System.out.println("cache " + compileCache.store().describe() + ": " + compileCache.stats());
            try {
                compileCache.store().close();
            } catch (IOException e) {
                System.err.println("warning: closing the cache: " + e.getMessage());
            }
        }
        return status;
    }

    private dev.davit.codegen.cache.CompileCache compileCache;

    private static final String DISASSEMBLY = "\n; disassembly:\n";

    /** The cache named by --cache; null without the option. */
    private dev.davit.codegen.cache.CompileCache compileCache() { return compileCache; }

    private TargetIsa isa(TestFile tf) throws SettingError {
        Flags.Builder shared = SharedSettings.GROUP.builder();
        List<String> targetWords = null;
        for (IsaLine l : tf.isaLines()) {
            if (l.kind().equals("set")) for (String w : l.words()) shared.apply(w);
            else if (l.kind().equals("target") && targetWords == null) targetWords = l.words();
        }
        for (String s : sets) shared.apply(s);
        if (target != null) targetWords = List.of(target.trim().split("\\s+"));
        if (targetWords == null) targetWords = List.of(hostArch());
        return IsaRegistry.lookup(targetWords, shared.build());
    }

    static String hostArch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") || a.equals("x86_64") ? "x86_64" : a.equals("aarch64") ? "aarch64" : a;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i += 16) {
            sb.append(String.format("%04x:", i));
            for (int j = i; j < Math.min(n, i + 16); j++) sb.append(String.format(" %02x", b[j] & 0xff));
            sb.append('\n');
        }
        return sb.toString();
    }
}
