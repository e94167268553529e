package dev.davit.regalloc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.regalloc.checker.Checker;
import dev.davit.regalloc.checker.CheckerException;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class AllocatorPropertiesTest {
    static MachineEnv env(int which) {
        return switch (which) {
            case 0 -> Harness.x64Like();
            case 1 -> Harness.tiny(true);
            case 2 -> Harness.tiny(false);
            default -> new MachineEnv(
                    new int[][] {Harness.ints(0, 1, 2, 6, 7), Harness.floats(0, 1, 2), {}},
                    new int[][] {Harness.ints(3, 12), Harness.floats(8), {}},
                    new int[] {PReg.of(RegClass.INT, 11), -1, -1});
        };
    }

    /** The checker accepts what the allocator produces, and concrete runs agree. */
    @Property(tries = 1000)
    void allocationsCheckAndRun(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int envKind) {
        MachineEnv env = env(envKind);
        RegFunction f = RandomProgram.generate(seed, env, 10, 10);
        Harness.run(f, env);
    }

    /** Bigger programs under pressure. */
    @Property(tries = 200)
    void bigProgramsUnderPressure(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int envKind) {
        MachineEnv env = env(envKind);
        RegFunction f = RandomProgram.generate(seed, env, 25, 30);
        Harness.run(f, env);
    }

    /**
     * Corrupting an output (dropping an edit, moving an operand, redirecting an edit) either
     * makes the checker reject it, or leaves a program that still computes the same values.
     */
    @Property(tries = 500)
    void checkerCatchesCorruptions(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int envKind) {
        MachineEnv env = env(envKind);
        RegFunction f = RandomProgram.generate(seed, env, 8, 8);
        Output good = RegAllocator.allocate(f, env, new RegAllocator.Options(seed % 2 == 0));
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Output bad = corrupt(good, f, env, r);
        if (bad == null) return;
        boolean rejected;
        try {
            Checker.check(f, env, bad);
            rejected = false;
        } catch (CheckerException e) {
            rejected = true;
        }
        if (!rejected) {
            LongArrayList expect = Interp.runVRegs(f);
            for (long s = 1; s <= 3; s++) {
                assertTrue(expect.equals(Interp.runMachine(f, bad, s)), "checker accepted a wrong output:\n" + bad.dump(f));
            }
        }
    }

    static Output corrupt(Output o, RegFunction f, MachineEnv env, SplittableRandom r) {
        int[] allocs = o.allocs().clone();
        int n = o.numEdits();
        int[] pts = new int[n], from = new int[n], to = new int[n];
        for (int e = 0; e < n; e++) {
            pts[e] = o.editPoint(e);
            from[e] = o.editFrom(e);
            to[e] = o.editTo(e);
        }
        int[] start = new int[o.numInsts() + 1];
        for (int i = 0; i <= o.numInsts(); i++) start[i] = i < o.numInsts() ? o.allocStart(i) : allocs.length;
        int[] slots = new int[o.numSpillSlots()];
        for (int s = 0; s < slots.length; s++) slots[s] = o.spillSlotClass(s).ordinal();
        int kind = r.nextInt(3);
        if (kind == 0 && n > 0) {
            return RegAllocatorTest.without(o, r.nextInt(n));
        } else if (kind == 1 && n > 0) {
            int e = r.nextInt(n);
            int a = to[e];
            int c = Allocation.isReg(a) ? PReg.classIndex(Allocation.preg(a)) : slots[Allocation.slot(a)];
            int[] regs = env.allocationOrder(c);
            to[e] = Allocation.reg(regs[r.nextInt(regs.length)]);
            return Output.of(o.numInsts(), allocs, start, pts, from, to, slots);
        } else if (allocs.length > 0) {
            int g = r.nextInt(allocs.length);
            int a = allocs[g];
            int c = Allocation.isReg(a) ? PReg.classIndex(Allocation.preg(a)) : slots[Allocation.slot(a)];
            int[] regs = env.allocationOrder(c);
            if (regs.length == 0) return null;
            allocs[g] = Allocation.reg(regs[r.nextInt(regs.length)]);
            return Output.of(o.numInsts(), allocs, start, pts, from, to, slots);
        }
        return null;
    }
}
