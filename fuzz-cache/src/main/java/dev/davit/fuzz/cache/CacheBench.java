package dev.davit.fuzz.cache;

import dev.davit.codegen.cache.CacheStats;
import dev.davit.codegen.cache.CacheStore;
import dev.davit.codegen.cache.CompileCache;
import dev.davit.codegen.cache.DiskStore;
import dev.davit.codegen.cache.MemoryStore;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.fuzz.gen.ClifGen;
import dev.davit.fuzz.gen.GenFunction;
import dev.davit.ir.Function;
import dev.davit.ir.UserExternalName;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import dev.davit.ir.reader.ParsedFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * The cache benchmark: a "module" of functions that share stencils (a corpus of CLIF files plus
 * generated functions, each also as a duplicate and as a renamed copy with other external names and
 * another base source location), compiled without cache, through a cold cache and through a warm
 * one. Reports the hit rate, cold and warm times, and what a hit costs as a fraction of a fresh
 * compile of the same functions. Meaningful as a fraction only with a real backend ({@code --target
 * x86_64}); with the synthetic stand-in it measures the cache's own overhead.
 *
 * <p>{@code java dev.davit.fuzz.cache.CacheBench [--corpus DIR] [--generated N] [--target NAME]
 * [--disk DIR] [--rounds N]}
 */
public final class CacheBench {
    private CacheBench() {}

    public record Result(int functions, int skipped, long freshNanos, long coldNanos, long warmNanos,
                         CacheStats coldStats, CacheStats warmStats) {
        public double hitCostFraction() { return freshNanos == 0 ? 0 : (double) warmNanos / freshNanos; }

        @Override
        public String toString() {
            return String.format("""
                    functions compiled: %d (%d skipped: target cannot compile them)
                    fresh (no cache):  %.2f ms (%.1f us/function)
                    cold cache:        %.2f ms, hit rate %.1f%% (duplicates and renamed copies)
                    warm cache:        %.2f ms, hit rate %.1f%% (%.1f us/function)
                    hit cost:          %.1f%% of a fresh compile""",
                    functions, skipped, freshNanos / 1e6, freshNanos / 1e3 / Math.max(1, functions), coldNanos / 1e6,
                    100 * coldStats.hitRate(), warmNanos / 1e6, 100 * warmStats.hitRate(),
                    warmNanos / 1e3 / Math.max(1, functions), 100 * hitCostFraction());
        }
    }

    /** Functions of every {@code .clif} file under {@code dir} that parse, each as a text to re-parse. */
    public static List<String> corpus(Path dir) throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".clif")).sorted()::iterator) {
                try {
                    String text = Files.readString(p);
                    for (ParsedFunction pf : ClifParser.parseTestFile(text, p.toString()).functions()) {
                        texts.add(dev.davit.ir.writer.FunctionWriter.write(pf.function()));
                    }
                } catch (ParseError | IOException | RuntimeException e) {
                    // not every conformance file is for this reader; the rest are enough
                }
            }
        }
        return texts;
    }

    /** {@code n} generated functions, reproducibly. */
    public static List<String> generated(int n, long seed) {
        boolean own = !JqwikSession.isActive();
        if (own) JqwikSession.start();
        try {
            RandomGenerator<GenFunction> gen = ClifGen.functions().generator(1000);
            Random r = new Random(seed);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) out.add(gen.next(r).value().clif());
            return out;
        } finally {
            if (own) JqwikSession.finish();
        }
    }

    /** The module: each text, a duplicate, and a renamed copy at another source position. */
    static List<Function> module(List<String> texts) {
        List<Function> fs = new ArrayList<>();
        for (String t : texts) {
            try {
                fs.add(ClifParser.parseFunction(t));
                fs.add(ClifParser.parseFunction(t));
                Function renamed = ClifParser.parseFunction(t);
                for (int ref = 0; ref < renamed.params().numUserNames(); ref++) {
                    renamed.params().resetUserFunctionName(ref, new UserExternalName(99, 100_000 + ref));
                }
                if (renamed.params().hasBaseSrcLoc()) renamed.params().setBaseSrcLoc(renamed.params().baseSrcLoc() + 0x1000);
                fs.add(renamed);
            } catch (ParseError e) {
                // printed by our writer, so it parses; skip if not
            }
        }
        return fs;
    }

    public static Result run(TargetIsa isa, List<String> texts, Supplier<CacheStore> stores, int rounds) {
        Result last = null;
        for (int round = 0; round < Math.max(1, rounds); round++) {
            List<Function> fs = module(texts);
            List<Function> ok = new ArrayList<>();
            long fresh = 0;
            for (Function f : fs) {
                long t0 = System.nanoTime();
                try {
                    isa.compile(f, false);
                } catch (TargetIsa.CompileError | RuntimeException e) {
                    continue;
                }
                fresh += System.nanoTime() - t0;
                ok.add(f);
            }
            CompileCache cold = new CompileCache(stores.get());
            long t0 = System.nanoTime();
            for (Function f : ok) compile(cold, isa, f);
            long coldNanos = System.nanoTime() - t0;
            CompileCache warm = new CompileCache(cold.store());
            t0 = System.nanoTime();
            for (Function f : ok) compile(warm, isa, f);
            long warmNanos = System.nanoTime() - t0;
            last = new Result(ok.size(), fs.size() - ok.size(), fresh, coldNanos, warmNanos, cold.stats(), warm.stats());
        }
        return last;
    }

    private static void compile(CompileCache c, TargetIsa isa, Function f) {
        try {
            c.compileWithCache(isa, f);
        } catch (TargetIsa.CompileError e) {
            throw new IllegalStateException("compiled without the cache but not with it", e);
        }
    }

    public static void main(String[] args) throws IOException {
        Path corpus = null;
        int generated = 500, rounds = 5;
        String target = "synthetic";
        Path disk = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--corpus" -> corpus = Path.of(args[++i]);
                case "--generated" -> generated = Integer.parseInt(args[++i]);
                case "--target" -> target = args[++i];
                case "--disk" -> disk = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: CacheBench [--corpus DIR] [--generated N] [--target NAME] [--disk DIR] [--rounds N]");
                    System.exit(2);
                }
            }
        }
        List<String> texts = new ArrayList<>(corpus == null ? List.of() : corpus(corpus));
        int fromCorpus = texts.size();
        texts.addAll(generated(generated, 1));
        Path d = disk;
        Supplier<CacheStore> stores = d == null ? () -> new MemoryStore(1L << 30) : () -> {
            try {
                Path dir = Files.createTempDirectory(d, "bench");
                return new DiskStore(dir, 1L << 30);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        System.out.println("corpus: " + fromCorpus + " functions from files, " + generated + " generated; x3 (duplicate, renamed)");
        System.out.println(run(FuzzTarget.named(target), texts, stores, rounds));
    }

}
