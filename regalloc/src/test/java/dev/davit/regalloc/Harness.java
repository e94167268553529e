package dev.davit.regalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.davit.regalloc.checker.Checker;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/** Allocate, check symbolically, and compare concrete runs. */
final class Harness {
    private Harness() {}

    static final int RSP = PReg.of(RegClass.INT, 4);

    /** An x86-64-like environment: 13 int and 15 float registers, r11/xmm15 scratch. */
    static MachineEnv x64Like() {
        return new MachineEnv(
                new int[][] {ints(0, 1, 2, 6, 7, 8, 9, 10), floats(0, 1, 2, 3, 4, 5, 6, 7), {}},
                new int[][] {ints(3, 12, 13, 14, 15), floats(8, 9, 10, 11, 12, 13, 14), {}},
                new int[] {PReg.of(RegClass.INT, 11), PReg.of(RegClass.FLOAT, 15), -1});
    }

    /** A tiny environment to force spilling. */
    static MachineEnv tiny(boolean scratch) {
        return new MachineEnv(
                new int[][] {ints(0, 1, 2), floats(0, 1), {}},
                new int[][] {ints(3), floats(2), {}},
                scratch ? new int[] {PReg.of(RegClass.INT, 11), PReg.of(RegClass.FLOAT, 15), -1} : null);
    }

    static int[] ints(int... hw) {
        int[] r = new int[hw.length];
        for (int k = 0; k < hw.length; k++) r[k] = PReg.of(RegClass.INT, hw[k]);
        return r;
    }

    static int[] floats(int... hw) {
        int[] r = new int[hw.length];
        for (int k = 0; k < hw.length; k++) r[k] = PReg.of(RegClass.FLOAT, hw[k]);
        return r;
    }

    static Output run(RegFunction f, MachineEnv env) {
        run(f, env, new RegAllocator.Options(true));
        return run(f, env, RegAllocator.Options.DEFAULT);
    }

    static Output run(RegFunction f, MachineEnv env, RegAllocator.Options options) {
        Output out = RegAllocator.allocate(f, env, options);
        try {
            Checker.check(f, env, out);
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + out.dump(f), e);
        }
        LongArrayList expect = Interp.runVRegs(f);
        for (long seed = 1; seed <= 2; seed++) {
            LongArrayList got = Interp.runMachine(f, out, seed);
            if (!expect.equals(got)) {
                int k = 0;
                while (k < Math.min(expect.size(), got.size()) && expect.getLong(k) == got.getLong(k)) k++;
                assertEquals(expect, got, "concrete runs differ at trace entry " + k + "\n" + out.dump(f));
            }
        }
        return out;
    }
}
