package dev.davit.tools;

import dev.davit.filetests.FileTestRunner;
import dev.davit.ir.Function;
import dev.davit.ir.Layout;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.ir.writer.FunctionWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clif-util bench parse|print [--repeat N] PATH...}: single-threaded throughput of the CLIF
 * reader or writer over every file, after a warm-up, reported as MB/s and CLIF instructions/s
 * (median of the timed rounds).
 */
@Command(name = "bench", description = "Benchmark a stage over CLIF files: parse, print.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STAGE", description = "parse, print, compile, or isle (ISLE compile time; without paths, a synthetic set of 3200 rules)")
    String stage;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "PATH")
    List<Path> paths = List.of();

    @Option(names = "--repeat", paramLabel = "N", description = "Timed rounds (default 20).")
    int repeat = 20;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed rounds first (default 10).")
    int warmup = 10;

    @Option(names = "--warmup-seconds", paramLabel = "S",
            description = "compile: go on warming up until S seconds have passed too (default 10): the JVM's optimizing "
                    + "compiler needs seconds, not rounds, before the timed rounds measure the compiled compiler.")
    double warmupSeconds = 10;

    @Override
    public Integer call() throws IOException {
        if (!stage.equals("parse") && !stage.equals("print") && !stage.equals("isle") && !stage.equals("compile")) {
            System.err.println("error: unknown stage '" + stage + "' (expected parse, print, isle or compile)");
            return 2;
        }
        if (repeat < 1 || warmup < 0 || !(warmupSeconds >= 0)) {
            System.err.println("error: --repeat must be at least 1, --warmup and --warmup-seconds at least 0");
            return 2;
        }
        if (stage.equals("isle")) return benchIsle();
        if (paths.isEmpty()) {
            System.err.println("error: stage " + stage + " needs at least one PATH");
            return 2;
        }
        if (stage.equals("compile")) return benchCompile();
        List<String> texts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long bytes = 0;
        long insts = 0;
        int funcs = 0;
        List<Function> parsed = new ArrayList<>();
        for (Path p : FileTestRunner.collect(paths)) {
            String t = Files.readString(p, StandardCharsets.UTF_8);
            try {
                List<ParsedFunction> fs = ClifParser.parseTestFile(t, p.toString()).functions();
                for (ParsedFunction pf : fs) {
                    parsed.add(pf.function());
                    insts += countInsts(pf.function());
                }
                funcs += fs.size();
            } catch (ParseError e) {
                continue; // only files that parse count
            }
            texts.add(t);
            names.add(p.toString());
            bytes += t.getBytes(StandardCharsets.UTF_8).length;
        }
        long[] times = new long[repeat];
        long sink = 0;
        for (int r = -warmup; r < repeat; r++) {
            long start = System.nanoTime();
            if (stage.equals("parse")) {
                for (int i = 0; i < texts.size(); i++) {
                    try {
                        sink += ClifParser.parseTestFile(texts.get(i), names.get(i)).functions().size();
                    } catch (ParseError e) {
                        throw new IllegalStateException(e);
                    }
                }
            } else {
                for (Function f : parsed) sink += FunctionWriter.write(f).length();
            }
            long t = System.nanoTime() - start;
            if (r >= 0) times[r] = t;
        }
        Arrays.sort(times);
        double median = times[repeat / 2] / 1e9;
        System.out.printf("%s: %d files, %d functions, %d instructions, %.2f MB%n", stage, texts.size(), funcs, insts, bytes / 1e6);
        System.out.printf("median %.2f ms per round: %.1f MB/s, %.0f instructions/s, %.0f functions/s%n",
                median * 1e3, bytes / 1e6 / median, insts / median, funcs / median);
        if (sink == 42) System.out.println();
        return 0;
    }

    @Option(names = "--target", paramLabel = "NAME", description = "compile: target and flags (default: the host).")
    String target;

    @Option(names = "--set", paramLabel = "K=V", description = "compile: a shared setting, e.g. opt_level=speed (repeatable).")
    List<String> sets = new ArrayList<>();

    /**
     * Compile throughput, single-threaded: every function of the files that this target compiles,
     * {@code repeat} times after {@code warmup} rounds. Functions the backend rejects are counted and
     * left out.
     */
    private int benchCompile() throws IOException {
        dev.davit.codegen.isa.TargetIsa isa;
        try {
            dev.davit.codegen.settings.Flags.Builder shared = dev.davit.codegen.settings.SharedSettings.GROUP.builder();
            for (String s : sets) shared.apply(s);
            List<String> words = target != null ? List.of(target.trim().split("\\s+")) : List.of(CompileCommand.hostArch());
            isa = dev.davit.codegen.isa.IsaRegistry.lookup(words, shared.build());
        } catch (dev.davit.codegen.settings.SettingError e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        List<Function> ok = new ArrayList<>();
        int rejected = 0;
        long insts = 0, codeBytes = 0;
        for (Path p : FileTestRunner.collect(paths)) {
            List<ParsedFunction> fs;
            try {
                fs = ClifParser.parseTestFile(Files.readString(p, StandardCharsets.UTF_8), p.toString()).functions();
            } catch (ParseError e) {
                continue;
            }
            for (ParsedFunction pf : fs) {
                try {
                    codeBytes += isa.compile(pf.function(), false).buffer().totalSize();
                    ok.add(pf.function());
                    insts += countInsts(pf.function());
                } catch (dev.davit.codegen.isa.TargetIsa.CompileError | RuntimeException e) {
                    rejected++;
                }
            }
        }
        if (ok.isEmpty()) {
            System.err.println("error: no function compiles for " + isa.name() + " (" + rejected + " rejected)");
            return 1;
        }
        long[] perFunction = new long[ok.size()];
        long[] rounds = new long[repeat];
        long sink = 0;
        long warmEnd = System.nanoTime() + (long) (Math.max(0, warmupSeconds) * 1e9);
        for (int w = 0; w < warmup || System.nanoTime() < warmEnd; w++) {
            for (int i = 0; i < ok.size(); i++) {
                try {
                    sink += isa.compile(ok.get(i), false).buffer().totalSize();
                } catch (dev.davit.codegen.isa.TargetIsa.CompileError e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (int r = 0; r < repeat; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < ok.size(); i++) {
                long t0 = System.nanoTime();
                try {
                    sink += isa.compile(ok.get(i), false).buffer().totalSize();
                } catch (dev.davit.codegen.isa.TargetIsa.CompileError e) {
                    throw new IllegalStateException(e);
                }
                if (r == repeat - 1) perFunction[i] = System.nanoTime() - t0;
            }
            rounds[r] = System.nanoTime() - start;
        }
        Arrays.sort(rounds);
        Arrays.sort(perFunction);
        double round = rounds[repeat / 2] / 1e9;
        System.out.printf("compile %s: %d functions (%d rejected), %d CLIF instructions, %d code bytes%n", isa.name(),
                ok.size(), rejected, insts, codeBytes);
        System.out.printf("median %.2f ms per round: %.0f functions/s, %.0f instructions/s, median %.1f us per function%n",
                round * 1e3, ok.size() / round, insts / round, perFunction[perFunction.length / 2] / 1e3);
        if (sink == 42) System.out.println();
        return 0;
    }

    /** Compile time of ISLE rule sets: the given .isle files as one unit, or a synthetic backend-sized set. */
    private int benchIsle() throws IOException {
        List<dev.davit.isle.IsleFrontend.Source> sources = new ArrayList<>();
        if (paths.isEmpty()) {
            sources.add(new dev.davit.isle.IsleFrontend.Source("synthetic.isle", dev.davit.islec.SyntheticRules.ruleSet(200, 15)));
        } else {
            for (Path p : paths) sources.add(new dev.davit.isle.IsleFrontend.Source(p.toString(), Files.readString(p)));
        }
        long bytes = 0;
        for (var src : sources) bytes += src.text().length();
        dev.davit.islec.GeneratorOptions opts = dev.davit.islec.GeneratorOptions.of("bench", "Bench").withOpaquePrimitive("int");
        long[] times = new long[repeat];
        int errors = 0, javaChars = 0;
        for (int r = -warmup; r < repeat; r++) {
            long start = System.nanoTime();
            dev.davit.islec.IslecMain.Compiled c = dev.davit.islec.IslecMain.compileSources(sources, opts);
            long t = System.nanoTime() - start;
            if (r >= 0) times[r] = t;
            errors = c.errors().size();
            javaChars = c.source() == null ? 0 : c.source().length();
        }
        if (errors > 0) {
            System.err.println("error: the rules have " + errors + " errors (run clif-util isle on them)");
            return 1;
        }
        Arrays.sort(times);
        System.out.printf("isle: %d KB of ISLE -> %d KB of Java; median %.1f ms per compile (best %.1f ms)%n",
                bytes / 1024, javaChars / 1024, times[repeat / 2] / 1e6, times[0] / 1e6);
        return 0;
    }

    private static long countInsts(Function f) {
        Layout l = f.layout();
        long n = 0;
        for (int b = l.firstBlock(); b >= 0; b = l.nextBlock(b))
            for (int i = l.firstInst(b); i >= 0; i = l.nextInst(i)) n++;
        return n;
    }
}
