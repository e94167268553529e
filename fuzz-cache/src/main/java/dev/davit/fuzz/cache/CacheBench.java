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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>How it is fair: every round parses the module afresh, times a fresh compile of each function
 * (with the target's flags, so verification too when {@code enable_verifier} is set), then the same
 * functions, in the same order, through a cold cache and through the warm one; only functions the
 * target compiles count, on every side. Each figure is the median over the second half of the
 * rounds: the first half warms the JIT up, which on a loaded machine takes tens of seconds (the
 * compile pipeline keeps the C2 compiler busy long after the few methods of a hit are hot, and
 * until then a hit runs C1 code). With one round, that round. Times are the compiling thread's CPU time,
 * which other processes on a busy machine do not inflate as they do wall time (shown as well);
 * it leaves out garbage collection and JIT threads, which a fresh compile, allocating far more,
 * needs more of, so the fraction it gives errs against the cache.
 *
 * <p>Then the same twice more for functions just built ({@link #justBuilt}): each read in full
 * right before its compile, as a frontend hands over a function it has just written. The passes
 * above meet every function long after it was parsed, when its first read misses the processor's
 * caches; that costs a hit about as much as the rest of it, and a fresh compile the same.
 *
 * <p>A "hit" is all of {@link CompileCache#compileWithCache} on a hit: the key (the stencil
 * streamed through SHA-256), the store read, checking and decoding the entry, and applying the
 * function's parameters.
 *
 * <p>{@code java dev.davit.fuzz.cache.CacheBench [--corpus DIR] [--generated N] [--target NAME]
 * [--disk DIR] [--rounds N]}
 */
public final class CacheBench {
    private CacheBench() {}

    /**
     * Medians over the measured rounds: CPU times of the compiling thread ({@code freshNanos},
     * {@code coldNanos}, {@code warmNanos}) and wall times ({@code *WallNanos}) for the whole module.
     */
    public record Result(int functions, int skipped, int rounds, long freshNanos, long coldNanos, long warmNanos,
                         long freshWallNanos, long coldWallNanos, long warmWallNanos,
                         CacheStats coldStats, CacheStats warmStats, long freshJustBuiltNanos, long hitJustBuiltNanos,
                         long readNanos) {
        public double hitCostFraction() { return freshNanos == 0 ? 0 : (double) warmNanos / freshNanos; }

        /** The hit cost for functions read in full just before they are compiled (see {@link CacheBench}). */
        public double justBuiltHitCostFraction() {
            return freshJustBuiltNanos == 0 ? 0 : (double) hitJustBuiltNanos / freshJustBuiltNanos;
        }

        public double wallHitCostFraction() { return freshWallNanos == 0 ? 0 : (double) warmWallNanos / freshWallNanos; }

        @Override
        public String toString() {
            double n = Math.max(1, functions);
            return String.format("""
                    functions compiled: %d (%d skipped: target cannot compile them)
                    medians of %d rounds, CPU time of the compiling thread (wall time in brackets):
                    fresh (no cache):  %.2f ms (%.1f us/function) [wall %.2f ms]
                    cold cache:        %.2f ms, hit rate %.1f%% (duplicates and renamed copies) [wall %.2f ms]
                    warm cache:        %.2f ms, hit rate %.1f%% (%.2f us/function) [wall %.2f ms]
                    hit cost:          %.1f%% of a fresh compile [wall %.1f%%]
                    of which reading:  %.2f us/function (each stencil's canonical bytes into no digest: the first read of a
                                       function out of the processor's caches, which a fresh compile pays as well)
                    just-built functions (each read in full right before its compile, as from a frontend; wall time of the calls):
                    fresh:             %.2f us/function
                    hit:               %.2f us/function
                    hit cost:          %.1f%% of a fresh compile""",
                    functions, skipped, rounds, freshNanos / 1e6, freshNanos / 1e3 / n, freshWallNanos / 1e6,
                    coldNanos / 1e6, 100 * coldStats.hitRate(), coldWallNanos / 1e6,
                    warmNanos / 1e6, 100 * warmStats.hitRate(), warmNanos / 1e3 / n, warmWallNanos / 1e6,
                    100 * hitCostFraction(), 100 * wallHitCostFraction(), readNanos / 1e3 / n,
                    freshJustBuiltNanos / 1e3 / n, hitJustBuiltNanos / 1e3 / n, 100 * justBuiltHitCostFraction());
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The current thread's CPU time in ns, or wall time where the JVM cannot tell. */
    private static long cpuNow() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static long median(long[] xs, int from, int to) {
        long[] a = Arrays.copyOfRange(xs, from, to);
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
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
        int n = Math.max(1, rounds);
        long[] fresh = new long[n], cold = new long[n], warm = new long[n];
        long[] freshWall = new long[n], coldWall = new long[n], warmWall = new long[n];
        long[] freshBuilt = new long[n], hitBuilt = new long[n], reads = new long[n];
        int functions = 0, skipped = 0;
        CacheStats coldStats = null, warmStats = null;
        for (int round = 0; round < n; round++) {
            List<Function> fs = module(texts);
            List<Function> readCopies = module(texts); // parsed with fs, read after the warm pass
            List<Function> ok = new ArrayList<>();
            boolean[] compiles = new boolean[fs.size()];
            long cpu = 0, wall = 0;
            for (int i = 0; i < fs.size(); i++) {
                Function f = fs.get(i);
                long w0 = System.nanoTime(), c0 = cpuNow();
                try {
                    isa.compile(f, false);
                } catch (TargetIsa.CompileError | RuntimeException e) {
                    continue;
                }
                cpu += cpuNow() - c0;
                wall += System.nanoTime() - w0;
                ok.add(f);
                compiles[i] = true;
            }
            fresh[round] = cpu;
            freshWall[round] = wall;
            CompileCache coldCache = new CompileCache(stores.get());
            long w0 = System.nanoTime(), c0 = cpuNow();
            for (Function f : ok) compile(coldCache, isa, f);
            cold[round] = cpuNow() - c0;
            coldWall[round] = System.nanoTime() - w0;
            flush(coldCache.store()); // the warm pass reads files, not what waits to be written
            CompileCache warmCache = new CompileCache(coldCache.store());
            w0 = System.nanoTime();
            c0 = cpuNow();
            for (Function f : ok) compile(warmCache, isa, f);
            warm[round] = cpuNow() - c0;
            warmWall[round] = System.nanoTime() - w0;
            long r0 = cpuNow();
            for (int i = 0; i < readCopies.size(); i++) {
                if (compiles[i]) touched += readCopies.get(i).stencil().writeCanonical(NO_DIGEST);
            }
            reads[round] = cpuNow() - r0;
            freshBuilt[round] = justBuilt(texts, compiles, f -> compileFresh(isa, f));
            hitBuilt[round] = justBuilt(texts, compiles, f -> compile(warmCache, isa, f));
            functions = ok.size();
            skipped = fs.size() - ok.size();
            coldStats = coldCache.stats();
            warmStats = warmCache.stats();
        }
        int from = n / 2; // the first half of the rounds warms the JIT up
        return new Result(functions, skipped, n - from, median(fresh, from, n), median(cold, from, n),
                median(warm, from, n), median(freshWall, from, n), median(coldWall, from, n),
                median(warmWall, from, n), coldStats, warmStats, median(freshBuilt, from, n), median(hitBuilt, from, n),
                median(reads, from, n));
    }

    /** Keeps the JIT from dropping the reads of {@link #justBuilt} and of the read pass. */
    private static long touched;

    private static final dev.davit.ir.FunctionStencil.CanonicalSink NO_DIGEST = (b, off, len) -> touched += len;

    /**
     * The wall time of {@code compile} on a new copy of each function that compiles, each read in
     * full (printed as CLIF) just before the call, as a function a frontend has just built is in the
     * processor's caches when it is handed over. The other passes meet functions parsed long before
     * and evicted since, whose first read costs both a fresh compile and a hit a few microseconds.
     * Wall time, because the thread's CPU time costs a system call to read, as much as a small hit.
     */
    private static long justBuilt(List<String> texts, boolean[] compiles, java.util.function.Consumer<Function> compile) {
        List<Function> fs = module(texts);
        long total = 0;
        for (int i = 0; i < fs.size(); i++) {
            if (!compiles[i]) continue;
            Function f = fs.get(i);
            touched += dev.davit.ir.writer.FunctionWriter.write(f).length();
            long t0 = System.nanoTime();
            compile.accept(f);
            total += System.nanoTime() - t0;
        }
        return total;
    }

    private static void compileFresh(TargetIsa isa, Function f) {
        try {
            isa.compile(f, false);
        } catch (TargetIsa.CompileError e) {
            throw new IllegalStateException("compiled before but not now", e);
        }
    }

    private static void flush(CacheStore store) {
        try {
            store.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        int generated = 500, rounds = 10;
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
                return new DiskStore(dir, 1L << 30, true); // as clif-util and openDefault() open it
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        System.out.println("corpus: " + fromCorpus + " functions from files, " + generated + " generated; x3 (duplicate, renamed)");
        System.out.println(run(FuzzTarget.named(target), texts, stores, rounds));
    }

}
