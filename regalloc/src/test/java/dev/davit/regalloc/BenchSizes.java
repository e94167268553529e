package dev.davit.regalloc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Allocator throughput per size class of random programs (not a unit test): small (5-60
 * instructions, like CLIF runtests), medium (about 500) and large (about 4,000). Each class is
 * timed (thread CPU time) in several rounds after a warm-up and the median round is reported, as µs per function
 * and instructions/s. Run with
 * {@code java -cp target/classes:target/test-classes:<fastutil> dev.davit.regalloc.BenchSizes [rounds] [static|reuse] [small|medium|large|all] [warm-up seconds]}.
 */
public final class BenchSizes {
    record SizeClass(String name, int maxBlocks, int maxInsts, int minSize, int maxSize, int count, int repeat) {}

    static final SizeClass[] CLASSES = {
        new SizeClass("trivial", 1, 1, 2, 3, 2000, 10),
        new SizeClass("small", 6, 10, 5, 60, 2000, 10),
        new SizeClass("medium", 40, 24, 400, 600, 40, 10),
        new SizeClass("large", 300, 26, 3500, 4500, 6, 8),
    };

    static List<RegFunction> functions(SizeClass sc, MachineEnv env) {
        List<RegFunction> fs = new ArrayList<>();
        int count = Integer.getInteger("davit.ra.bench.count", sc.count);
        for (long s = 0; fs.size() < count; s++) {
            RegFunction f = RandomProgram.generate(s * 7919 + sc.maxSize, env, sc.maxBlocks, sc.maxInsts);
            if (f.numInsts() >= sc.minSize && f.numInsts() <= sc.maxSize) fs.add(f);
        }
        return fs;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        boolean reuse = args.length <= 1 || args[1].equals("reuse");
        String only = args.length > 2 && !args[2].equals("all") ? args[2] : null;
        double warmSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 15;
        MachineEnv env = Harness.x64Like();
        for (SizeClass sc : CLASSES) {
            if (only != null && !only.equals(sc.name)) continue;
            List<RegFunction> fs = functions(sc, env);
            long insts = 0;
            for (RegFunction f : fs) insts += f.numInsts();
            double[] us = new double[rounds];
            long spills = 0, moves = 0;
            // Warm up for a while: on a busy machine C2 takes seconds to compile the allocator.
            long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
            while (System.nanoTime() < warmEnd) Bench.run(fs, env, RegAllocator.Options.DEFAULT, 0, 1, false, reuse);
            for (int k = 0; k < rounds; k++) {
                // Thread CPU time, not wall time: the machine is shared.
                long c0 = THREADS.getCurrentThreadCpuTime();
                Bench.Result r = Bench.run(fs, env, RegAllocator.Options.DEFAULT, 0, sc.repeat, false, reuse);
                long c1 = THREADS.getCurrentThreadCpuTime();
                us[k] = (c1 - c0) / 1e3 / r.functions();
                spills = r.spills() / sc.repeat;
                moves = r.moves() / sc.repeat;
            }
            Arrays.sort(us);
            double med = us[rounds / 2];
            System.out.printf("%-6s %4d fns, avg %6.0f insts: median %9.2f us/function (min %9.2f, max %9.2f), %5.2f M insts/s; spilled %d, moves %d%n",
                    sc.name, fs.size(), (double) insts / fs.size(), med, us[0], us[rounds - 1],
                    insts / (double) fs.size() / med, spills, moves);
        }
    }
}
