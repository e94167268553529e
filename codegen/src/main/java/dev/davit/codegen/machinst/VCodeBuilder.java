package dev.davit.codegen.machinst;

import java.util.Arrays;

/**
 * Accumulates machine blocks for a {@link VCode}. Lowering walks blocks last to first and each
 * block's instructions last to first, so instructions are appended in reverse
 * ({@link #beginBlock}, {@link #pushReversed}, {@link #endBlock}): the whole function reversed, in
 * one flat array that {@link #build} turns around. Each block also gets its parameters and, for its
 * terminator, the arguments per successor. Everything is flat arrays: no per-block objects.
 */
public final class VCodeBuilder<I> {
    private static final int[] NONE = new int[0];

    private final MachInstInfo<I> info;
    private final int numBlocks;
    // Instructions, the function reversed; block b is [revStart[b], revEnd[b]) of rev.
    private Object[] rev = new Object[16];
    private int revN;
    private final int[] revStart, revEnd;
    // Block parameters: block b's are [paramFrom[b], paramTo[b]) of paramVals.
    private int[] paramVals = NONE;
    private int paramN;
    private final int[] paramFrom, paramTo;
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
        this.revStart = new int[numBlocks];
        this.revEnd = new int[numBlocks];
        this.paramFrom = new int[numBlocks];
        this.paramTo = new int[numBlocks];
        this.succs = new int[numBlocks][];
        this.succArgs = new int[numBlocks][][];
        this.nextVReg = firstVirtual;
    }

    /** A fresh virtual register of class {@code cls}. */
    public int newVReg(int cls) { return (nextVReg++ << 2) | cls; }

    /** One more than the largest vreg index handed out so far. */
    public int numVRegs() { return nextVReg; }

    public void setEntry(int block) { entry = block; }

    /** Adds a parameter to {@code block}; a block's parameters are added together, in order. */
    public void addBlockParam(int block, int vreg) {
        if (paramTo[block] == paramFrom[block]) paramFrom[block] = paramTo[block] = paramN;
        else if (paramTo[block] != paramN) throw new IllegalStateException("block " + block + " params added apart");
        if (paramN == paramVals.length) paramVals = Arrays.copyOf(paramVals, Math.max(8, paramN * 2));
        paramVals[paramN++] = vreg;
        paramTo[block] = paramN;
    }

    /** Starts {@code block}'s instructions, which follow last first through {@link #pushReversed}. */
    public void beginBlock(int block) { revStart[block] = revN; }

    /** Appends an instruction before those of the current block pushed so far. */
    public void pushReversed(I inst) {
        if (revN == rev.length) rev = Arrays.copyOf(rev, revN * 2);
        rev[revN++] = inst;
    }

    /** Ends the block begun last. */
    public void endBlock(int block) { revEnd[block] = revN; }

    /** The successors of {@code block}'s terminator and the vregs passed to each (kept, not copied). */
    public void setSuccs(int block, int[] targets, int[][] args) {
        succs[block] = targets;
        succArgs[block] = args;
    }

    /** Builds with no register aliases. */
    public VCode<I> build() { return build(null); }

    /**
     * Builds. {@code alias} (by vreg index: {@code alias[index]} is the Reg it stands for, or -1; or
     * null for none) is resolved in block parameters and branch arguments here, and in instruction
     * operands where the VCode collects them for the allocator (the instructions themselves keep the
     * aliased vregs; see {@link VCode#resolvedInst}).
     */
    public VCode<I> build(int[] alias) { return build(alias, 0); }

    /** As {@link #build(int[])}, with {@code alias[index - aliasBase]} about vreg {@code index}. */
    public VCode<I> build(int[] alias, int aliasBase) {
        int n = revN;
        Object[] insts = new Object[n];
        int[] start = new int[numBlocks], end = new int[numBlocks];
        for (int b = 0; b < numBlocks; b++) {
            int rs = revStart[b], re = revEnd[b];
            if (re == rs) throw new IllegalStateException("machine block " + b + " is empty");
            int s = n - re;
            start[b] = s;
            end[b] = n - rs;
            for (int k = re - 1; k >= rs; k--) insts[s++] = rev[k];
        }
        int[] succStart = new int[numBlocks + 1];
        int nsucc = 0, nargs = 0;
        for (int b = 0; b < numBlocks; b++) {
            succStart[b] = nsucc;
            int[] t = succs[b];
            if (t == null) continue;
            nsucc += t.length;
            int[][] a = succArgs[b];
            for (int k = 0; k < t.length; k++) if (a != null && k < a.length && a[k] != null) nargs += a[k].length;
        }
        succStart[numBlocks] = nsucc;
        int[] succList = new int[nsucc];
        int[] argStart = new int[nsucc + 1];
        int[] argList = new int[nargs];
        int j = 0, m = 0;
        for (int b = 0; b < numBlocks; b++) {
            int[] t = succs[b];
            if (t == null) continue;
            int[][] a = succArgs[b];
            for (int k = 0; k < t.length; k++) {
                succList[j] = t[k];
                argStart[j++] = m;
                if (a != null && k < a.length && a[k] != null) {
                    for (int x : a[k]) argList[m++] = VCode.resolveAlias(alias, aliasBase, x);
                }
            }
        }
        argStart[nsucc] = m;
        int[] paramStart = new int[numBlocks + 1];
        int np = 0;
        for (int b = 0; b < numBlocks; b++) np += paramTo[b] - paramFrom[b];
        int[] params = new int[np];
        int p = 0;
        for (int b = 0; b < numBlocks; b++) {
            paramStart[b] = p;
            for (int k = paramFrom[b]; k < paramTo[b]; k++) params[p++] = VCode.resolveAlias(alias, aliasBase, paramVals[k]);
        }
        paramStart[numBlocks] = p;
        return new VCode<>(info, insts, n, start, end, succStart, succList, paramStart, params, argStart, argList,
                nextVReg, entry, alias, aliasBase);
    }

    public int numBlocks() { return numBlocks; }

    @Override
    public String toString() { return "VCodeBuilder(" + numBlocks + " blocks, " + Arrays.deepToString(succs) + ")"; }
}
