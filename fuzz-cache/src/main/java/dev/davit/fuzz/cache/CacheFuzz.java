package dev.davit.fuzz.cache;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.fuzz.gen.ClifGen;
import dev.davit.fuzz.gen.GenFunction;
import dev.davit.fuzz.gen.Mutation;
import java.time.Duration;
import java.util.Random;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * The long-running cache fuzzer ({@code clif-util fuzz cache --time 10m} calls {@link #run}):
 * random functions through all three {@link CacheChecks} until the time is up or one fails. It does
 * not shrink; a failing seed replays, and the jqwik properties shrink.
 *
 * <p>{@code java dev.davit.fuzz.cache.CacheFuzz [--time 10m] [--seed N] [--target x86_64]}
 */
public final class CacheFuzz {
    private CacheFuzz() {}

    /** What a run did. */
    public record Report(long cases, long skipped, long seed, Duration elapsed) {
        @Override
        public String toString() {
            return String.format("cache fuzz: %d cases, %d skipped (target cannot compile), %.1f s, seed %d", cases,
                    skipped, elapsed.toMillis() / 1000.0, seed);
        }
    }

    /**
     * Runs until {@code time} is up.
     *
     * @throws CacheChecks.CheckFailure on the first failing case, with its CLIF and seed
     */
    public static Report run(TargetIsa isa, Duration time, long seed) {
        boolean ownSession = !JqwikSession.isActive();
        if (ownSession) JqwikSession.start(); // arbitraries outside a property need a jqwik session
        try {
            return runInSession(isa, time, seed);
        } finally {
            if (ownSession) JqwikSession.finish();
        }
    }

    private static Report runInSession(TargetIsa isa, Duration time, long seed) {
        long start = System.nanoTime(), end = start + time.toNanos();
        // Small generation sizes give the tiny functions where coincidences hide, large ones breadth.
        int[] sizes = {4, 20, 100, 1000};
        @SuppressWarnings("unchecked")
        RandomGenerator<GenFunction>[] gens = new RandomGenerator[sizes.length];
        for (int i = 0; i < sizes.length; i++) gens[i] = ClifGen.functions().generator(sizes[i]);
        Random random = new Random(seed);
        Mutation[] ms = Mutation.values();
        long cases = 0, skipped = 0;
        while (System.nanoTime() < end) {
            long caseSeed = random.nextLong();
            Random r = new Random(caseSeed);
            GenFunction g = gens[(int) (cases % gens.length)].next(r).value();
            int pick = r.nextInt(1 << 20);
            Mutation m = ms[r.nextInt(ms.length)];
            try {
                boolean ran = CacheChecks.reloadEqualsFresh(isa, g);
                ran &= m.changesStencil() ? CacheChecks.stencilChangeMisses(isa, g, m, pick)
                        : CacheChecks.parametersOnlyChangeHits(isa, g, m, pick);
                if (!ran) skipped++;
            } catch (CacheChecks.CheckFailure e) {
                throw new CacheChecks.CheckFailure("case seed " + caseSeed + " (run seed " + seed + "), mutation " + m
                        + ", pick " + pick + ": " + e.getMessage());
            }
            cases++;
        }
        return new Report(cases, skipped, seed, Duration.ofNanos(System.nanoTime() - start));
    }

    /** {@code 10m}, {@code 30s}, {@code 1h}, or seconds. */
    static Duration parseDuration(String s) {
        try {
            if (!s.isEmpty()) {
                char u = s.charAt(s.length() - 1);
                if (Character.isDigit(u)) return Duration.ofSeconds(Long.parseLong(s));
                long n = Long.parseLong(s.substring(0, s.length() - 1));
                if (n >= 0) {
                    switch (u) {
                        case 's' -> { return Duration.ofSeconds(n); }
                        case 'm' -> { return Duration.ofMinutes(n); }
                        case 'h' -> { return Duration.ofHours(n); }
                        default -> { }
                    }
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--time: '" + s + "' is not a duration (e.g. 30s, 10m, 1h)");
    }

    public static void main(String[] args) {
        Duration time = Duration.ofMinutes(1);
        long seed = System.nanoTime();
        String target = System.getProperty("davit.fuzz.target", "synthetic");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--time" -> time = parseDuration(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--target" -> target = args[++i];
                default -> {
                    System.err.println("usage: CacheFuzz [--time 10m] [--seed N] [--target NAME]");
                    System.exit(2);
                }
            }
        }
        try {
            System.out.println(run(FuzzTarget.named(target), time, seed));
        } catch (CacheChecks.CheckFailure e) {
            System.out.println("FAIL " + e.getMessage());
            System.exit(1);
        }
    }
}
