package dev.davit.ir.verifier;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.Opcode;
import dev.davit.ir.Type;
import dev.davit.ir.analysis.Fb;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Malformed IR must come back as errors, never as an exception or a hang. */
class VerifierRobustnessTest {
    /**
     * Builds a random function (random CFG, values used across blocks), then corrupts random
     * handles: value arguments, block calls, block-call arguments (including retN/exnN), table and
     * entity references, value types and aliases.
     */
    @Property(tries = 300)
    void corruptedFunctionsNeverThrow(@ForAll long seed) {
        Random rnd = new Random(seed);
        int n = 1 + rnd.nextInt(8);
        Fb b = new Fb(Type.I32);
        int[] blocks = new int[n];
        for (int k = 0; k < n; k++) blocks[k] = k == 0 ? b.block(Type.I32) : b.block(rnd.nextBoolean() ? new Type[] {Type.I32} : new Type[0]);
        int[] vals = new int[64];
        int nv = 0;
        vals[nv++] = b.param(blocks[0], 0);
        for (int k = 0; k < n; k++) {
            int blk = blocks[k];
            for (int j = rnd.nextInt(3); j > 0; j--) {
                int v = rnd.nextBoolean() ? b.iconst(blk, Type.I32, rnd.nextInt(100))
                        : b.iadd(blk, vals[rnd.nextInt(nv)], vals[rnd.nextInt(nv)]);
                if (nv < vals.length) vals[nv++] = v;
            }
            int t1 = blocks[rnd.nextInt(n)], t2 = blocks[rnd.nextInt(n)];
            int[] a1 = b.dfg.numBlockParams(t1) == 1 ? new int[] {vals[rnd.nextInt(nv)]} : new int[0];
            int[] a2 = b.dfg.numBlockParams(t2) == 1 ? new int[] {vals[rnd.nextInt(nv)]} : new int[0];
            switch (rnd.nextInt(4)) {
                case 0 -> b.ret(blk);
                case 1 -> b.jump(blk, t1, a1);
                case 2 -> b.brif(blk, vals[rnd.nextInt(nv)], b.bc(t1, a1), b.bc(t2, a2), true);
                default -> b.brTable(blk, vals[rnd.nextInt(nv)], t1, t2);
            }
        }
        DataFlowGraph dfg = b.dfg;
        for (int m = 1 + rnd.nextInt(4); m > 0; m--) {
            int inst = rnd.nextInt(dfg.numInsts());
            int junk = rnd.nextInt(dfg.numValues() + 6) - 3;
            switch (rnd.nextInt(9)) {
                case 0 -> { if (dfg.numArgs(inst) > 0) dfg.setArg(inst, rnd.nextInt(dfg.numArgs(inst)), junk); }
                case 1 -> dfg.setRef(inst, junk);
                case 2 -> dfg.setAux(inst, junk);
                case 3 -> { if (dfg.numBlockCalls() > 0) dfg.setBlockCallBlock(rnd.nextInt(dfg.numBlockCalls()), junk); }
                case 4 -> {
                    int bc = rnd.nextInt(Math.max(1, dfg.numBlockCalls()));
                    if (bc < dfg.numBlockCalls() && dfg.blockCallNumArgs(bc) > 0)
                        dfg.setBlockCallArg(bc, 0, rnd.nextBoolean() ? DataFlowGraph.blockArgRet(rnd.nextInt(3))
                                : DataFlowGraph.blockArgExn(rnd.nextInt(3)));
                }
                case 5 -> dfg.setValueType(rnd.nextInt(dfg.numValues()), rnd.nextBoolean() ? null : Type.F64);
                case 6 -> {
                    int a = rnd.nextInt(dfg.numValues()), c = rnd.nextInt(dfg.numValues());
                    dfg.setAlias(a, c);
                }
                case 7 -> dfg.setDests(inst, junk);
                default -> dfg.setCtrlType(inst, rnd.nextBoolean() ? null : Type.I128);
            }
        }
        VerifierErrors errors = Verifier.verify(b.f, rnd.nextBoolean() ? Type.I64 : null);
        for (VerifierError e : errors) {
            assertTrue(!e.message().startsWith("verifier could not check"), () -> "seed " + seed + ":\n" + errors);
        }
    }

    @Property(tries = 50)
    void opcodesWithoutOperandsInAnyFormatAreHandled(@ForAll long seed) {
        // Every opcode the table knows, with no operands at all: wrong shapes must be errors.
        Random rnd = new Random(seed);
        Opcode[] ops = Opcode.values();
        Fb b = new Fb();
        int b0 = b.block();
        for (int k = 0; k < 6; k++) {
            Opcode op = ops[rnd.nextInt(ops.length)];
            int i = b.dfg.makeInst(op, rnd.nextBoolean() ? Type.I32 : null, new int[0], 0, rnd.nextInt(3) - 1,
                    rnd.nextInt(3) - 1, rnd.nextInt(3) - 1);
            b.layout.appendInst(i, b0);
        }
        b.ret(b0);
        VerifierErrors errors = Verifier.verify(b.f, Type.I64);
        for (VerifierError e : errors) {
            assertTrue(!e.message().startsWith("verifier could not check"), () -> "seed " + seed + ":\n" + errors);
        }
    }
}
