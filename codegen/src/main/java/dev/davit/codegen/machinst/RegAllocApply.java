package dev.davit.codegen.machinst;

import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;
import dev.davit.regalloc.Allocation;
import dev.davit.regalloc.Output;
import dev.davit.regalloc.PReg;

/**
 * Applies a register allocation to {@link VCode}: every instruction is rebuilt with its operands'
 * physical registers (through the same {@link MachInstInfo#visitOperands} order the allocator saw),
 * and the allocator's edits become the backend's moves, spills and reloads, in program order.
 */
public final class RegAllocApply {
    private RegAllocApply() {}

    public static <I> FinalCode<I> apply(VCode<I> vcode, Output out) {
        MachInstInfo<I> info = vcode.info();
        int n = vcode.numInsts();
        Object[] insts = new Object[n + out.numEdits()];
        int[] blockStart = new int[vcode.numBlocks() + 1];
        long[] used = new long[3];
        Rewriter rw = new Rewriter(out, used);
        int k = 0;
        for (int b = 0; b < vcode.numBlocks(); b++) {
            blockStart[b] = k;
            for (int i = vcode.blockInstStart(b); i < vcode.blockInstEnd(b); i++) {
                k = edits(info, out, 2 * i, insts, k, used);
                rw.begin(i);
                insts[k++] = info.visitOperands(vcode.inst(i), rw);
                k = edits(info, out, 2 * i + 1, insts, k, used);
            }
        }
        blockStart[vcode.numBlocks()] = k;
        Object[] exact = k == insts.length ? insts : java.util.Arrays.copyOf(insts, k);
        return new FinalCode<>(exact, blockStart, out.numSpillSlots(), used);
    }

    private static <I> int edits(MachInstInfo<I> info, Output out, int point, Object[] insts, int k, long[] used) {
        for (int e = out.editStart(point); e < out.editStart(point + 1); e++) {
            int from = out.editFrom(e), to = out.editTo(e);
            if (Allocation.isReg(from) && Allocation.isReg(to)) {
                int cls = PReg.classIndex(Allocation.preg(to));
                insts[k++] = info.genMove(reg(Allocation.preg(to), used), reg(Allocation.preg(from), used), cls);
            } else if (Allocation.isReg(from) && Allocation.isStack(to)) {
                int cls = PReg.classIndex(Allocation.preg(from));
                insts[k++] = info.genSpill(Allocation.slot(to), reg(Allocation.preg(from), used), cls);
            } else if (Allocation.isStack(from) && Allocation.isReg(to)) {
                int cls = PReg.classIndex(Allocation.preg(to));
                insts[k++] = info.genReload(reg(Allocation.preg(to), used), Allocation.slot(from), cls);
            } else {
                throw new IllegalStateException("the allocator asked for a move " + Allocation.toString(from) + " -> "
                        + Allocation.toString(to) + ", which has no single instruction");
            }
        }
        return k;
    }

    /** The pinned Reg of a PReg, noting it as used. */
    private static int reg(int preg, long[] used) {
        used[PReg.classIndex(preg)] |= 1L << PReg.hwEnc(preg);
        return Reg.fromPReg(preg);
    }

    /** Hands out the allocation of each operand in visit order. */
    private static final class Rewriter implements OperandVisitor {
        final Output out;
        final long[] used;
        int inst, k;

        Rewriter(Output out, long[] used) {
            this.out = out;
            this.used = used;
        }

        void begin(int i) {
            inst = i;
            k = 0;
        }

        @Override
        public int operand(int r, int kind, int pos, int constraint) {
            int a = out.alloc(inst, k++);
            if (!Allocation.isReg(a))
                throw new IllegalStateException("operand " + (k - 1) + " of instruction " + inst + " was allocated "
                        + Allocation.toString(a) + " but the instruction needs a register");
            return reg(Allocation.preg(a), used);
        }

        @Override
        public boolean rewrites() { return true; }
    }
}
