package dev.davit.codegen.machinst;

import dev.davit.codegen.Operand;
import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;
import dev.davit.regalloc.RegFunction;
import java.util.Arrays;

/**
 * A function as machine instructions over virtual registers ("virtual-register code"): blocks in
 * final layout order, each a contiguous range of instructions ending in one branch or return;
 * block parameters and branch arguments as vregs; what {@link VCodeBuilder} made of the CLIF.
 * It is the register allocator's view of the function ({@link RegFunction}): operands are collected
 * once, through {@link MachInstInfo#visitOperands}, into flat long arrays in the allocator's
 * encoding, so the allocator's many queries are array loads.
 */
public final class VCode<I> implements RegFunction {
    final MachInstInfo<I> info;
    final Object[] insts;
    final int numInsts;
    final int[] blockStart, blockEnd;
    final int[] succStart, succs;
    final int[] paramStart, params;
    /** Per instruction, per successor: argument ranges into {@code branchArgs}; -1 start when none. */
    final int[] branchArgStart; // indexed by succStart position of the block the branch ends
    final int[] branchArgs;
    final int numVRegs;
    final int entry;
    /** Vreg index -> the Reg it stands for, or -1 (lowering's aliases; null when there are none). */
    private final int[] alias;
    private final int aliasBase; // alias[i] is about vreg index aliasBase + i
    // Operands in the allocator's encoding, collected once (aliases resolved).
    private final long[] operands;
    private final int[] operandStart;
    private final long[] clobbers; // 3 words per instruction
    /** Per instruction: {@link #RET}, {@link #BRANCH}, {@link #MOVE} bits, asked of the backend once. */
    private final byte[] flags;
    private static final byte RET = 1, BRANCH = 2, MOVE = 4;

    VCode(MachInstInfo<I> info, Object[] insts, int numInsts, int[] blockStart, int[] blockEnd, int[] succStart,
          int[] succs, int[] paramStart, int[] params, int[] branchArgStart, int[] branchArgs, int numVRegs, int entry) {
        this(info, insts, numInsts, blockStart, blockEnd, succStart, succs, paramStart, params, branchArgStart, branchArgs,
                numVRegs, entry, null, 0);
    }

    /**
     * With {@code alias} ({@code alias[index - aliasBase]} is the Reg vreg {@code index} stands for, or -1;
     * null for none): the instructions keep the
     * aliased vregs, which are resolved where operands are collected for the allocator (and where
     * instructions are printed). Since the allocation is applied by operand position, the
     * instructions never need rebuilding for the aliases.
     */
    VCode(MachInstInfo<I> info, Object[] insts, int numInsts, int[] blockStart, int[] blockEnd, int[] succStart,
          int[] succs, int[] paramStart, int[] params, int[] branchArgStart, int[] branchArgs, int numVRegs, int entry,
          int[] alias, int aliasBase) {
        this.info = info;
        this.alias = alias;
        this.aliasBase = aliasBase;
        this.insts = insts;
        this.numInsts = numInsts;
        this.blockStart = blockStart;
        this.blockEnd = blockEnd;
        this.succStart = succStart;
        this.succs = succs;
        this.paramStart = paramStart;
        this.params = params;
        this.branchArgStart = branchArgStart;
        this.branchArgs = branchArgs;
        this.numVRegs = numVRegs;
        this.entry = entry;
        this.operandStart = new int[numInsts + 1];
        this.clobbers = new long[numInsts * 3];
        this.flags = new byte[numInsts];
        Collector c = new Collector(numInsts * 3 + 4);
        for (int i = 0; i < numInsts; i++) {
            operandStart[i] = c.n;
            c.inst = i;
            I inst = inst(i);
            info.visitOperands(inst, c);
            flags[i] = (byte) ((info.isRet(inst) ? RET : 0) | (info.isBranch(inst) ? BRANCH : 0) | (info.isMove(inst) ? MOVE : 0));
        }
        operandStart[numInsts] = c.n;
        this.operands = c.out.length == c.n ? c.out : Arrays.copyOf(c.out, c.n);
    }

    /** Follows alias chains (see {@link VCodeBuilder#build(int[])}). */
    static int resolveAlias(int[] alias, int base, int reg) {
        if (alias == null) return reg;
        int guard = 0;
        while (true) {
            int idx = (reg >>> 2) - base;
            if (idx < 0 || idx >= alias.length || alias[idx] < 0) return reg;
            reg = alias[idx];
            if (++guard > alias.length) throw new IllegalStateException("register alias cycle");
        }
    }

    /** Translates the codegen operand description into the allocator's long encoding. */
    private final class Collector implements OperandVisitor {
        long[] out;
        int n;
        int inst;

        Collector(int cap) { out = new long[cap]; }

        @Override
        public int operand(int reg, int kind, int pos, int constraint) {
            int vreg = resolveAlias(alias, aliasBase, reg); // a pinned vreg is the allocator's fixed register
            int k = kind == Operand.USE ? dev.davit.regalloc.Operand.USE : dev.davit.regalloc.Operand.DEF;
            int p = pos == Operand.EARLY ? dev.davit.regalloc.Operand.EARLY : dev.davit.regalloc.Operand.LATE;
            long op;
            if (Operand.isFixed(constraint)) {
                op = dev.davit.regalloc.Operand.of(vreg, k, p, dev.davit.regalloc.Operand.FIXED, Operand.payload(constraint));
            } else if (Operand.isReuse(constraint)) {
                op = dev.davit.regalloc.Operand.of(vreg, k, p, dev.davit.regalloc.Operand.REUSE, Operand.payload(constraint));
            } else {
                int c = switch (constraint) {
                    case Operand.ANY -> dev.davit.regalloc.Operand.ANY;
                    case Operand.STACK -> dev.davit.regalloc.Operand.STACK;
                    default -> dev.davit.regalloc.Operand.REG;
                };
                op = dev.davit.regalloc.Operand.of(vreg, k, p, c, 0);
            }
            if (n == out.length) out = Arrays.copyOf(out, n * 2 + 4);
            out[n++] = op;
            return reg;
        }

        @Override
        public void clobbers(long intMask, long floatMask, long vectorMask) {
            clobbers[inst * 3] |= intMask;
            clobbers[inst * 3 + 1] |= floatMask;
            clobbers[inst * 3 + 2] |= vectorMask;
        }
    }

    /**
     * Instruction {@code i} as lowered: its operands may still name vregs that alias others (the
     * allocator sees them resolved, see {@link #numOperands}); {@link #resolvedInst} rebuilds it
     * with the aliases resolved.
     */
    @SuppressWarnings("unchecked")
    public I inst(int i) { return (I) insts[i]; }

    /** Instruction {@code i} with every aliased vreg replaced by what it stands for. */
    public I resolvedInst(int i) {
        I inst = inst(i);
        if (alias == null) return inst;
        return info.visitOperands(inst, new OperandVisitor() {
            @Override public int operand(int reg, int kind, int pos, int constraint) { return resolveAlias(alias, aliasBase, reg); }

            @Override public boolean rewrites() { return true; }
        });
    }

    public MachInstInfo<I> info() { return info; }

    @Override public int numInsts() { return numInsts; }

    @Override public int numBlocks() { return blockStart.length; }

    @Override public int entryBlock() { return entry; }

    @Override public int blockInstStart(int b) { return blockStart[b]; }

    @Override public int blockInstEnd(int b) { return blockEnd[b]; }

    @Override public int numSuccs(int b) { return succStart[b + 1] - succStart[b]; }

    @Override public int succ(int b, int k) { return succs[succStart[b] + k]; }

    private int[] predStart, preds;

    private void computePreds() {
        int n = numBlocks();
        int[] count = new int[n + 1];
        for (int s : succs) count[s + 1]++;
        for (int i = 0; i < n; i++) count[i + 1] += count[i];
        int[] fill = Arrays.copyOf(count, n);
        int[] p = new int[succs.length];
        for (int b = 0; b < n; b++) for (int k = succStart[b]; k < succStart[b + 1]; k++) p[fill[succs[k]]++] = b;
        predStart = count;
        preds = p;
    }

    @Override public int numPreds(int b) {
        if (predStart == null) computePreds();
        return predStart[b + 1] - predStart[b];
    }

    @Override public int pred(int b, int k) {
        if (predStart == null) computePreds();
        return preds[predStart[b] + k];
    }

    @Override public int numBlockParams(int b) { return paramStart[b + 1] - paramStart[b]; }

    @Override public int blockParam(int b, int k) { return params[paramStart[b] + k]; }

    @Override public boolean isRet(int inst) { return (flags[inst] & RET) != 0; }

    @Override public boolean isBranch(int inst) { return (flags[inst] & BRANCH) != 0; }

    private int blockOfTerminator(int inst) {
        // Branches only end blocks; a binary search over block ends finds the block.
        int lo = 0, hi = numBlocks() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (blockEnd[mid] - 1 < inst) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    @Override public int numBranchArgs(int inst, int succIdx) {
        int slot = succStart[blockOfTerminator(inst)] + succIdx;
        return branchArgStart[slot + 1] - branchArgStart[slot];
    }

    @Override public int branchArg(int inst, int succIdx, int k) {
        int slot = succStart[blockOfTerminator(inst)] + succIdx;
        return branchArgs[branchArgStart[slot] + k];
    }

    @Override public int numOperands(int inst) { return operandStart[inst + 1] - operandStart[inst]; }

    @Override public long operand(int inst, int k) { return operands[operandStart[inst] + k]; }

    @Override public void copyOperands(long[] dst) { System.arraycopy(operands, 0, dst, 0, operandStart[numInsts]); }

    @Override public long clobbers(int inst, int w) { return clobbers[inst * 3 + w]; }

    @Override public boolean isMove(int inst) { return (flags[inst] & MOVE) != 0; }

    @Override public int numVRegs() { return numVRegs; }

    /** The VCode as text: blocks with parameters, successors, and each instruction. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < numBlocks(); b++) {
            sb.append("block").append(b);
            if (numBlockParams(b) > 0) {
                sb.append('(');
                for (int k = 0; k < numBlockParams(b); k++) sb.append(k > 0 ? ", " : "").append(Reg.toString(blockParam(b, k)));
                sb.append(')');
            }
            sb.append(":\n");
            for (int i = blockStart[b]; i < blockEnd[b]; i++) sb.append("  ").append(info.print(resolvedInst(i))).append('\n');
            if (numSuccs(b) > 0) {
                sb.append("  ; succs:");
                for (int k = 0; k < numSuccs(b); k++) {
                    sb.append(" block").append(succ(b, k));
                    int slot = succStart[b] + k;
                    if (branchArgStart[slot + 1] > branchArgStart[slot]) {
                        sb.append('(');
                        for (int a = branchArgStart[slot]; a < branchArgStart[slot + 1]; a++)
                            sb.append(a > branchArgStart[slot] ? ", " : "").append(Reg.toString(branchArgs[a]));
                        sb.append(')');
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
