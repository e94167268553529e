package dev.davit.regalloc;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an array-backed {@link RegFunction}, for tests, tools and clients that do not want to
 * implement the interface themselves. Declare blocks with {@link #newBlock}, then fill each one
 * exactly once: {@link #startBlock}, instructions, and a terminator ({@link #jump},
 * {@link #branch} or {@link #ret}). Instruction indices follow the order of filling.
 */
public final class FunctionBuilder {
    private final List<int[]> blockParams = new ArrayList<>();
    private final IntArrayList blockStart = new IntArrayList(), blockEnd = new IntArrayList();
    private final List<long[]> operands = new ArrayList<>();
    private final List<long[]> clobbers = new ArrayList<>();
    private final IntArrayList flags = new IntArrayList();
    private final List<int[]> succs = new ArrayList<>();
    private final List<int[][]> args = new ArrayList<>();
    private int current = -1;
    private int entry = 0;

    private static final int BRANCH = 1, RET = 2, MOVE = 4;

    public int newBlock(int... params) {
        blockParams.add(params.clone());
        blockStart.add(-1);
        blockEnd.add(-1);
        succs.add(new int[0]);
        args.add(new int[0][]);
        return blockParams.size() - 1;
    }

    public void setEntry(int b) {
        entry = b;
    }

    public void startBlock(int b) {
        if (current >= 0) throw new IllegalStateException("block " + current + " is not terminated");
        if (blockStart.getInt(b) >= 0) throw new IllegalStateException("block " + b + " filled twice");
        blockStart.set(b, operands.size());
        current = b;
    }

    private int add(long[] ops, long[] clob, int fl) {
        if (current < 0) throw new IllegalStateException("no current block");
        operands.add(ops.clone());
        clobbers.add(clob == null ? null : clob.clone());
        flags.add(fl);
        return operands.size() - 1;
    }

    public int inst(long... ops) {
        return add(ops, null, 0);
    }

    /** An instruction clobbering {@code clob} (a {@code long[3]} preg set). */
    public int instClobbers(long[] clob, long... ops) {
        return add(ops, clob, 0);
    }

    /** A move {@code dst := src} flagged for coalescing. */
    public int move(int dst, int src) {
        return add(new long[] {Operand.regUse(src), Operand.regDef(dst)}, null, MOVE);
    }

    public int ret(long... ops) {
        int i = add(ops, null, RET);
        end();
        return i;
    }

    public int jump(int target, int... a) {
        return branch(new long[0], new int[] {target}, new int[][] {a});
    }

    public int branch(long[] ops, int[] targets, int[][] targetArgs) {
        int i = add(ops, null, BRANCH);
        succs.set(current, targets.clone());
        int[][] copy = new int[targets.length][];
        for (int k = 0; k < targets.length; k++) copy[k] = targetArgs[k] == null ? new int[0] : targetArgs[k].clone();
        args.set(current, copy);
        end();
        return i;
    }

    private void end() {
        blockEnd.set(current, operands.size());
        current = -1;
    }

    public RegFunction build() {
        if (current >= 0) throw new IllegalStateException("block " + current + " is not terminated");
        int nb = blockParams.size();
        int[][] succ = succs.toArray(new int[0][]);
        int[][][] bargs = args.toArray(new int[0][][]);
        int[] predCount = new int[nb];
        for (int[] s : succ) for (int t : s) predCount[t]++;
        int[][] preds = new int[nb][];
        for (int b = 0; b < nb; b++) preds[b] = new int[predCount[b]];
        int[] fill = new int[nb];
        for (int b = 0; b < nb; b++) for (int t : succ[b]) preds[t][fill[t]++] = b;
        int maxIndex = VReg.PINNED_LIMIT - 1;
        for (long[] ops : operands) for (long op : ops) maxIndex = Math.max(maxIndex, VReg.index(Operand.vreg(op)));
        for (int[] ps : blockParams) for (int p : ps) maxIndex = Math.max(maxIndex, VReg.index(p));
        for (int[][] as : bargs) for (int[] a : as) for (int v : a) maxIndex = Math.max(maxIndex, VReg.index(v));
        int[] instBlock = new int[operands.size()];
        for (int b = 0; b < nb; b++) {
            if (blockStart.getInt(b) < 0) throw new IllegalStateException("block " + b + " was never filled");
            for (int i = blockStart.getInt(b); i < blockEnd.getInt(b); i++) instBlock[i] = b;
        }
        return new Simple(blockStart.toIntArray(), blockEnd.toIntArray(), succ, preds, blockParams.toArray(new int[0][]),
                bargs, operands.toArray(new long[0][]), clobbers.toArray(new long[0][]), flags.toIntArray(), maxIndex + 1, entry, instBlock);
    }

    /** The array-backed function {@link FunctionBuilder} builds. */
    private record Simple(int[] bStart, int[] bEnd, int[][] succ, int[][] preds, int[][] params, int[][][] bargs,
                          long[][] ops, long[][] clob, int[] flags, int nv, int entry, int[] instBlock) implements RegFunction {
        public int numInsts() { return ops.length; }
        public int numBlocks() { return bStart.length; }
        public int entryBlock() { return entry; }
        public int blockInstStart(int b) { return bStart[b]; }
        public int blockInstEnd(int b) { return bEnd[b]; }
        public int numSuccs(int b) { return succ[b].length; }
        public int succ(int b, int k) { return succ[b][k]; }
        public int numPreds(int b) { return preds[b].length; }
        public int pred(int b, int k) { return preds[b][k]; }
        public int numBlockParams(int b) { return params[b].length; }
        public int blockParam(int b, int k) { return params[b][k]; }
        public boolean isRet(int i) { return (flags[i] & RET) != 0; }
        public boolean isBranch(int i) { return (flags[i] & BRANCH) != 0; }
        public boolean isMove(int i) { return (flags[i] & MOVE) != 0; }
        public int numBranchArgs(int i, int s) { return bargs[instBlock[i]][s].length; }
        public int branchArg(int i, int s, int k) { return bargs[instBlock[i]][s][k]; }
        public int numOperands(int i) { return ops[i].length; }
        public long operand(int i, int k) { return ops[i][k]; }
        public long clobbers(int i, int w) { return clob[i] == null ? 0 : clob[i][w]; }
        public int numVRegs() { return nv; }
        @Override public boolean equals(Object o) { return this == o; }
        @Override public int hashCode() { return System.identityHashCode(this); }
        @Override public String toString() { return "RegFunction(" + ops.length + " insts, " + bStart.length + " blocks)"; }
    }
}
