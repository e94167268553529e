package dev.davit.regalloc;

import org.junit.jupiter.api.Test;

/**
 * A deterministic sweep over medium-sized random programs (fixed seeds, so a failure names a
 * reproducible seed): allocate with and without interval splitting, check, run concretely.
 */
class RandomSweepTest {
    @Test
    void mediumProgramsAllEnvs() {
        for (long seed = 0; seed < 1500; seed++) {
            MachineEnv env = AllocatorPropertiesTest.env((int) (seed & 3));
            RegFunction f = RandomProgram.generate(seed, env, 12, 25);
            try {
                Harness.run(f, env);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("seed " + seed + ", env " + (seed & 3) + ": " + e.getMessage(), e);
            }
        }
    }
}
