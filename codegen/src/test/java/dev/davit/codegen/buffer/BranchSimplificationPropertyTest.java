package dev.davit.codegen.buffer;

import static dev.davit.codegen.buffer.ToyIsa.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random block layouts emitted twice, with and without branch simplification: running each from
 * every label reaches the same events and the same exit, and simplification never grows the code.
 */
class BranchSimplificationPropertyTest {
    /** Terminators of a random block. */
    private static final int RET = 0, JMP = 1, JCC_JMP = 2, JCC_FALL = 3, FALL = 4;

    private record Program(int n, boolean[] event, boolean[] extraLabel, int[] term, int[] cc, int[] t1, int[] t2) {}

    private static Program program(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(10);
        boolean[] event = new boolean[n];
        boolean[] extra = new boolean[n];
        int[] term = new int[n], cc = new int[n], t1 = new int[n], t2 = new int[n];
        for (int i = 0; i < n; i++) {
            // Few events, so many blocks are jump-only and get threaded.
            event[i] = r.nextInt(3) == 0;
            extra[i] = r.nextInt(4) == 0;
            term[i] = r.nextInt(5);
            if (i == n - 1 && (term[i] == JCC_FALL || term[i] == FALL)) {
                term[i] = r.nextBoolean() ? RET : JMP;
            }
            cc[i] = r.nextInt(6);
            t1[i] = r.nextInt(n);
            t2[i] = r.nextInt(n);
        }
        return new Program(n, event, extra, term, cc, t1, t2);
    }

    /** Emits the program; returns per block its labels (main, extra or -1) and the result. */
    private static MachBufferFinalized emit(Program p, boolean optimize, int[][] labelsOut) {
        MachBuffer b = new MachBuffer(optimize);
        int[] main = new int[p.n()], extra = new int[p.n()];
        for (int i = 0; i < p.n(); i++) {
            main[i] = b.getLabel();
            extra[i] = p.extraLabel()[i] ? b.getLabel() : -1;
        }
        for (int i = 0; i < p.n(); i++) {
            b.bindLabel(main[i]);
            if (extra[i] >= 0) {
                b.bindLabel(extra[i]);
            }
            if (p.event()[i]) {
                event(b, 100 + i);
            }
            // Branches go to the extra label when there is one, so aliases of aliases occur.
            int to1 = extra[p.t1()[i]] >= 0 ? extra[p.t1()[i]] : main[p.t1()[i]];
            int to2 = main[p.t2()[i]];
            switch (p.term()[i]) {
                case RET -> ret(b, i);
                case JMP -> jmp(b, to1);
                case JCC_JMP -> {
                    jcc(b, p.cc()[i], to1);
                    jmp(b, to2);
                }
                case JCC_FALL -> jcc(b, p.cc()[i], to1);
                default -> {}
            }
        }
        labelsOut[0] = main;
        labelsOut[1] = extra;
        return b.finish();
    }

    @Property(tries = 3000)
    void simplifiedCodeBehavesLikeOriginal(@ForAll long seed) {
        Program p = program(seed);
        int[][] plain = new int[2][], opt = new int[2][];
        MachBufferFinalized a = emit(p, false, plain);
        MachBufferFinalized b = emit(p, true, opt);
        assertTrue(b.totalSize() <= a.totalSize());
        for (int i = 0; i < p.n(); i++) {
            final int blk = i;
            for (int k = 0; k < 2; k++) {
                if (plain[k][i] < 0) {
                    continue;
                }
                for (long run = 0; run < 3; run++) {
                    Trace ta = run(a.bytes(), a.labelOffset(plain[k][i]), seed + run, 20, 2000);
                    Trace tb = run(b.bytes(), b.labelOffset(opt[k][i]), seed + run, 20, 2000);
                    assertEquals(ta, tb, () -> "block " + blk + " of seed " + seed + ": " + a + " vs " + b);
                }
            }
        }
    }

    /**
     * Jumps are threaded: no branch lands on an unconditional jump unless that jump is the very
     * last instruction (no label is bound after it, so nothing triggers simplification) or is part
     * of a cycle of jumps. (A branch to the next instruction can survive: its target may become an
     * alias only after the branch has stopped being at the tail, as in Cranelift.)
     */
    @Property(tries = 1000)
    void noBranchLandsOnAJumpOutsideACycle(@ForAll long seed) {
        Program p = program(seed);
        MachBufferFinalized b = emit(p, true, new int[2][]);
        byte[] code = b.bytes();
        for (int pc = 0; pc < code.length; ) {
            int op = code[pc] & 0xFF;
            int len = op == 0xE9 ? 5 : op == 0x0F ? 6 : 2;
            if (op == 0xE9 || op == 0x0F) {
                int t = pc + len + rel32(code, pc + len - 4);
                if ((code[t] & 0xFF) == 0xE9 && t + 5 != code.length) {
                    int q = t;
                    boolean cycle = false;
                    for (int i = 0; i < code.length && (code[q] & 0xFF) == 0xE9; i++) {
                        q = q + 5 + rel32(code, q + 1);
                        if (q == t) {
                            cycle = true;
                            break;
                        }
                    }
                    assertTrue(cycle, "branch at " + pc + " lands on a jump at " + t + " in " + b);
                }
            }
            pc += len;
        }
    }
}
