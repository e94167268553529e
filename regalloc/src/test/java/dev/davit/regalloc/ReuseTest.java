package dev.davit.regalloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.davit.regalloc.checker.Checker;
import org.junit.jupiter.api.Test;

/**
 * A reused {@link RegAllocator} (whose working arrays carry over from function to function, big
 * and small mixed) gives exactly what a fresh one gives, and its outputs stay valid after later
 * calls.
 */
class ReuseTest {
    static void assertSameOutput(Output want, Output got, String what) {
        assertArrayEquals(want.allocs(), got.allocs(), what + ": allocations");
        assertEquals(want.numEdits(), got.numEdits(), what + ": edit count");
        for (int e = 0; e < want.numEdits(); e++) {
            assertEquals(want.editPoint(e), got.editPoint(e), what + ": edit point " + e);
            assertEquals(want.editFrom(e), got.editFrom(e), what + ": edit from " + e);
            assertEquals(want.editTo(e), got.editTo(e), what + ": edit to " + e);
        }
        assertEquals(want.numSpillSlots(), got.numSpillSlots(), what + ": slots");
        for (int s = 0; s < want.numSpillSlots(); s++) assertEquals(want.spillSlotClass(s), got.spillSlotClass(s), what + ": slot class");
        assertEquals(want.stats.toString(), got.stats.toString(), what + ": stats");
    }

    @Test
    void reusedAllocatorMatchesFreshOne() {
        for (int envKind = 0; envKind < 4; envKind++) {
            MachineEnv env = AllocatorPropertiesTest.env(envKind);
            for (boolean split : new boolean[] {false, true}) {
                RegAllocator.Options opts = new RegAllocator.Options(split);
                RegAllocator reused = new RegAllocator(env, opts);
                Output[] kept = new Output[3];
                RegFunction[] keptF = new RegFunction[3];
                for (long seed = 0; seed < 150; seed++) {
                    // Sizes jump around so stale state of a bigger function would show.
                    int maxBlocks = seed % 7 == 0 ? 40 : seed % 3 == 0 ? 1 : 8;
                    int maxInsts = seed % 7 == 0 ? 20 : seed % 3 == 0 ? 2 : 10;
                    RegFunction f = RandomProgram.generate(seed * 31 + envKind, env, maxBlocks, maxInsts);
                    Output fresh = new RegAllocator(env, opts).allocate(f);
                    Output got = reused.allocate(f);
                    String what = "env " + envKind + " split " + split + " seed " + seed;
                    assertSameOutput(fresh, got, what);
                    Checker.check(f, env, got);
                    assertSameOutput(fresh, RegAllocator.allocate(f, env, opts), what + " (static)");
                    if (seed < 3) {
                        kept[(int) seed] = got;
                        keptF[(int) seed] = f;
                    }
                }
                for (int k = 0; k < 3; k++) {
                    assertSameOutput(new RegAllocator(env, opts).allocate(keptF[k]), kept[k], "kept output " + k);
                }
            }
        }
    }

    @Test
    void reusedAllocatorRecoversFromAnError() {
        MachineEnv env = Harness.x64Like();
        RegAllocator ra = new RegAllocator(env);
        FunctionBuilder b = new FunctionBuilder();
        int v = VReg.of(VReg.FIRST_VIRTUAL, RegClass.INT);
        int blk = b.newBlock();
        b.startBlock(blk);
        b.ret(Operand.regUse(v)); // used but never defined
        RegFunction bad = b.build();
        assertThrows(RegAllocException.class, () -> ra.allocate(bad));
        RegFunction f = RandomProgram.generate(7, env, 8, 10);
        assertSameOutput(new RegAllocator(env).allocate(f), ra.allocate(f), "after an error");
    }
}
