package dev.davit.codegen.machinst;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Accumulates machine blocks for a {@link VCode}. Blocks may be filled in any order (lowering walks
 * them backwards); each block collects its instructions, parameters and, for its terminator, the
 * arguments per successor. {@link #build} lays the blocks out by index.
 */
public final class VCodeBuilder<I> {
    private final MachInstInfo<I> info;
    private final int numBlocks;
    private final List<List<I>> blockInsts = new ArrayList<>();
    private final IntArrayList[] blockParams;
    private final int[][] succs;
    private final int[][][] succArgs;
    private int nextVReg;
    private int entry;

    /**
     * @param firstVirtual the first vreg index the builder hands out (indices below are pinned to
     *                     physical registers)
     */
    public VCodeBuilder(MachInstInfo<I> info, int numBlocks, int firstVirtual) {
        this.info = info;
        this.numBlocks = numBlocks;
        this.blockParams = new IntArrayList[numBlocks];
        this.succs = new int[numBlocks][];
        this.succArgs = new int[numBlocks][][];
        for (int b = 0; b < numBlocks; b++) {
            blockInsts.add(new ArrayList<>());
            blockParams[b] = new IntArrayList(0);
            succs[b] = new int[0];
            succArgs[b] = new int[0][];
        }
        this.nextVReg = firstVirtual;
    }

    /** A fresh virtual register of class {@code cls}. */
    public int newVReg(int cls) { return (nextVReg++ << 2) | cls; }

    public void setEntry(int block) { entry = block; }

    public void addBlockParam(int block, int vreg) { blockParams[block].add(vreg); }

    /** Appends an instruction to {@code block}. */
    public void push(int block, I inst) { blockInsts.get(block).add(inst); }

    /** Replaces block {@code block}'s instructions (used when a block was lowered backwards). */
    public void setInsts(int block, List<I> insts) { blockInsts.set(block, insts); }

    /** The successors of {@code block}'s terminator and the vregs passed to each. */
    public void setSuccs(int block, int[] targets, int[][] args) {
        succs[block] = targets.clone();
        succArgs[block] = args.clone();
    }

    /** Builds with no register aliases. */
    public VCode<I> build() { return build(new int[0]); }

    /**
     * Builds, replacing every vreg that has an alias (by vreg index: {@code alias[index]} is the Reg
     * it stands for, or -1) with what it finally stands for, in instructions, block parameters and
     * branch arguments.
     */
    public VCode<I> build(int[] alias) {
        Resolver r = new Resolver(alias);
        if (r.any) {
            for (List<I> l : blockInsts) for (int i = 0; i < l.size(); i++) l.set(i, info.visitOperands(l.get(i), r));
            for (IntArrayList ps : blockParams) for (int i = 0; i < ps.size(); i++) ps.set(i, r.resolve(ps.getInt(i)));
            for (int[][] perSucc : succArgs) for (int[] a : perSucc) if (a != null) for (int i = 0; i < a.length; i++) a[i] = r.resolve(a[i]);
        }
        int total = 0;
        for (List<I> l : blockInsts) total += l.size();
        Object[] insts = new Object[total];
        int[] start = new int[numBlocks], end = new int[numBlocks];
        int[] succStart = new int[numBlocks + 1];
        IntArrayList succList = new IntArrayList();
        int[] paramStart = new int[numBlocks + 1];
        IntArrayList paramList = new IntArrayList();
        IntArrayList argStart = new IntArrayList(), argList = new IntArrayList();
        int n = 0;
        for (int b = 0; b < numBlocks; b++) {
            start[b] = n;
            for (I inst : blockInsts.get(b)) insts[n++] = inst;
            end[b] = n;
            if (end[b] == start[b]) throw new IllegalStateException("machine block " + b + " is empty");
            succStart[b] = succList.size();
            for (int k = 0; k < succs[b].length; k++) {
                succList.add(succs[b][k]);
                argStart.add(argList.size());
                int[] a = succArgs[b].length > k && succArgs[b][k] != null ? succArgs[b][k] : new int[0];
                argList.addElements(argList.size(), a);
            }
            paramStart[b] = paramList.size();
            paramList.addAll(blockParams[b]);
        }
        succStart[numBlocks] = succList.size();
        paramStart[numBlocks] = paramList.size();
        argStart.add(argList.size());
        return new VCode<>(info, insts, n, start, end, succStart, succList.toIntArray(), paramStart,
                paramList.toIntArray(), argStart.toIntArray(), argList.toIntArray(), nextVReg, entry);
    }

    public int numBlocks() { return numBlocks; }

    /** Follows alias chains; rewrites operands through {@link MachInstInfo#visitOperands}. */
    private static final class Resolver implements dev.davit.codegen.OperandVisitor {
        final int[] alias;
        final boolean any;

        Resolver(int[] alias) {
            this.alias = alias;
            boolean a = false;
            for (int x : alias) if (x >= 0) { a = true; break; }
            any = a;
        }

        int resolve(int reg) {
            int guard = 0;
            while (true) {
                int idx = reg >>> 2;
                if (idx >= alias.length || alias[idx] < 0) return reg;
                reg = alias[idx];
                if (++guard > alias.length) throw new IllegalStateException("register alias cycle");
            }
        }

        @Override public int operand(int reg, int kind, int pos, int constraint) { return resolve(reg); }

        @Override public boolean rewrites() { return true; }
    }

    @Override
    public String toString() { return "VCodeBuilder(" + numBlocks + " blocks, " + Arrays.toString(succs) + ")"; }
}
