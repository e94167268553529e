package dev.davit.regalloc;

import dev.davit.regalloc.checker.Checker;
import java.util.List;

/**
 * A benchmark-friendly entry point: allocates every function of a list {@code repeat} times
 * after a warm-up, single-threaded, and reports functions/s and instructions/s. No JMH needed;
 * for a quick figure, not a rigorous one.
 */
public final class Bench {
    private Bench() {}

    /** Result of {@link #run}. */
    public record Result(long functions, long insts, double seconds, long spills, long moves) {
        public double functionsPerSecond() {
            return functions / seconds;
        }

        public double instsPerSecond() {
            return insts / seconds;
        }

        @Override
        public String toString() {
            return String.format("%d functions, %d insts in %.3f s: %.0f functions/s, %.0f insts/s (%.2f us/function); spilled vregs %d, moves %d",
                    functions, insts, seconds, functionsPerSecond(), instsPerSecond(), 1e6 * seconds / functions, spills, moves);
        }
    }

    /** Allocates each function {@code repeat} times (after {@code warmup} rounds), optionally checking. */
    public static Result run(List<RegFunction> fs, MachineEnv env, RegAllocator.Options options, int warmup, int repeat, boolean check) {
        return run(fs, env, options, warmup, repeat, check, false);
    }

    /**
     * Like {@link #run(List, MachineEnv, RegAllocator.Options, int, int, boolean)}; with
     * {@code reuse}, one {@link RegAllocator} instance allocates every function (as a compiler
     * thread would), else the static entry point does.
     */
    public static Result run(List<RegFunction> fs, MachineEnv env, RegAllocator.Options options, int warmup, int repeat, boolean check,
                             boolean reuse) {
        RegAllocator ra = reuse ? new RegAllocator(env, options) : null;
        for (int w = 0; w < warmup; w++) {
            for (RegFunction f : fs) {
                Output o = reuse ? ra.allocate(f) : RegAllocator.allocate(f, env, options);
                if (check) Checker.check(f, env, o);
            }
        }
        long insts = 0, spills = 0, moves = 0, count = 0;
        long t0 = System.nanoTime();
        for (int k = 0; k < repeat; k++) {
            for (RegFunction f : fs) {
                Output o = reuse ? ra.allocate(f) : RegAllocator.allocate(f, env, options);
                if (check) Checker.check(f, env, o);
                insts += f.numInsts();
                spills += o.stats.spilledVRegs;
                moves += o.stats.moves;
                count++;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Result(count, insts, secs, spills, moves);
    }
}
