package dev.davit.ir.analysis;

import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.Function;
import dev.davit.ir.Layout;
import java.util.Arrays;

/**
 * Predecessors and successors of every block, in compressed-row form (one offsets array and one
 * flat array per relation), so queries are array reads and the whole graph is a handful of
 * allocations.
 *
 * <p>Edges come from the last instruction of each block in the layout, as in Cranelift: a branch in
 * the middle of a block is a verifier error, not an edge. Successors are deduplicated and sorted by
 * block number; predecessors are {@code (block, branch instruction)} pairs, one per instruction
 * even if it names the block twice, sorted by instruction number. That is the order Cranelift's
 * B-forest sets iterate in, so printouts and traversals line up with it.
 */
public final class ControlFlowGraph {
    private final int numBlocks;
    private final int[] succStart;
    private final int[] succ;
    private final int[] predStart;
    private final int[] predInst;
    private final int[] predBlock;

    private ControlFlowGraph(int numBlocks, int[] succStart, int[] succ, int[] predStart, int[] predInst, int[] predBlock) {
        this.numBlocks = numBlocks;
        this.succStart = succStart;
        this.succ = succ;
        this.predStart = predStart;
        this.predInst = predInst;
        this.predBlock = predBlock;
    }

    /** Computes the CFG of {@code f}. Never throws on malformed IR: dangling targets are not edges. */
    public static ControlFlowGraph compute(Function f) {
        DataFlowGraph dfg = f.dfg();
        Layout layout = f.layout();
        int nb = dfg.numBlocks();
        int ni = dfg.numInsts();

        // Edges in layout order of their source block; later bucketed per block.
        int[] eFrom = new int[16], eInst = new int[16], eTo = new int[16];
        int ne = 0;
        int guard = layout.numLayoutBlocks();
        for (int b = layout.firstBlock(); b >= 0 && guard-- >= 0; b = layout.nextBlock(b)) {
            if (b >= nb) continue;
            int last = layout.lastInst(b);
            if (last < 0 || last >= ni) continue;
            int n = BranchDestinations.count(dfg, last);
            for (int i = 0; i < n; i++) {
                int to = BranchDestinations.block(dfg, last, i);
                if (to < 0) continue;
                if (ne == eFrom.length) {
                    eFrom = Arrays.copyOf(eFrom, ne * 2);
                    eInst = Arrays.copyOf(eInst, ne * 2);
                    eTo = Arrays.copyOf(eTo, ne * 2);
                }
                eFrom[ne] = b;
                eInst[ne] = last;
                eTo[ne] = to;
                ne++;
            }
        }

        // Successors: bucket, sort, dedupe.
        int[] sStart = new int[nb + 1];
        for (int e = 0; e < ne; e++) sStart[eFrom[e] + 1]++;
        for (int b = 0; b < nb; b++) sStart[b + 1] += sStart[b];
        int[] s = new int[ne];
        int[] fill = Arrays.copyOf(sStart, nb);
        for (int e = 0; e < ne; e++) s[fill[eFrom[e]]++] = eTo[e];
        int[] sOut = new int[nb + 1];
        int w = 0;
        for (int b = 0; b < nb; b++) {
            int lo = sStart[b], hi = sStart[b + 1];
            sOut[b] = w;
            if (hi - lo > 1) Arrays.sort(s, lo, hi);
            for (int k = lo; k < hi; k++) {
                if (k > lo && s[k] == s[k - 1]) continue;
                s[w++] = s[k];
            }
        }
        sOut[nb] = w;

        // Predecessors: bucket by target, sort by branch instruction, dedupe per instruction.
        int[] pStart = new int[nb + 1];
        for (int e = 0; e < ne; e++) pStart[eTo[e] + 1]++;
        for (int b = 0; b < nb; b++) pStart[b + 1] += pStart[b];
        long[] p = new long[ne];
        fill = Arrays.copyOf(pStart, nb);
        for (int e = 0; e < ne; e++) p[fill[eTo[e]]++] = ((long) eInst[e] << 32) | (eFrom[e] & 0xFFFFFFFFL);
        int[] pOut = new int[nb + 1];
        int[] pi = new int[ne], pb = new int[ne];
        w = 0;
        for (int b = 0; b < nb; b++) {
            int lo = pStart[b], hi = pStart[b + 1];
            pOut[b] = w;
            if (hi - lo > 1) Arrays.sort(p, lo, hi);
            for (int k = lo; k < hi; k++) {
                if (k > lo && p[k] == p[k - 1]) continue;
                pi[w] = (int) (p[k] >>> 32);
                pb[w] = (int) p[k];
                w++;
            }
        }
        pOut[nb] = w;
        return new ControlFlowGraph(nb, sOut, s, pOut, pi, pb);
    }

    /** Number of blocks the graph was sized for ({@code dfg.numBlocks()} at compute time). */
    public int numBlocks() { return numBlocks; }

    private boolean inRange(int block) { return block >= 0 && block < numBlocks; }

    public int numSuccessors(int block) { return inRange(block) ? succStart[block + 1] - succStart[block] : 0; }

    /** The {@code i}-th successor of {@code block}, in ascending block order. */
    public int successor(int block, int i) { return succ[succStart[block] + i]; }

    /** A copy of the successors of {@code block} (not for hot paths). */
    public int[] successors(int block) {
        return inRange(block) ? Arrays.copyOfRange(succ, succStart[block], succStart[block + 1]) : new int[0];
    }

    public int numPredecessors(int block) { return inRange(block) ? predStart[block + 1] - predStart[block] : 0; }

    /** The block of the {@code i}-th predecessor of {@code block} (predecessors in instruction order). */
    public int predecessorBlock(int block, int i) { return predBlock[predStart[block] + i]; }

    /** The branch instruction of the {@code i}-th predecessor of {@code block}. */
    public int predecessorInst(int block, int i) { return predInst[predStart[block] + i]; }

    /** A copy of the predecessor blocks of {@code block} (not for hot paths). */
    public int[] predecessorBlocks(int block) {
        return inRange(block) ? Arrays.copyOfRange(predBlock, predStart[block], predStart[block + 1]) : new int[0];
    }

    /** A copy of the predecessor branch instructions of {@code block} (not for hot paths). */
    public int[] predecessorInsts(int block) {
        return inRange(block) ? Arrays.copyOfRange(predInst, predStart[block], predStart[block + 1]) : new int[0];
    }

    /**
     * The graphviz text of Cranelift's {@code CFGPrinter} (what {@code test print-cfg} checks): one
     * record node per block labelled with its header and last instruction, then one edge line per
     * predecessor, {@code blockP:instN -> blockS}.
     */
    public static String print(Function f) {
        return compute(f).write(f);
    }

    /** {@link #print(Function)} with this already-computed graph. */
    public String write(Function f) {
        DataFlowGraph dfg = f.dfg();
        Layout layout = f.layout();
        StringBuilder sb = new StringBuilder();
        sb.append("digraph \"").append(f.name() == null ? "" : f.name().text()).append("\" {\n");
        int entry = layout.entryBlock();
        if (entry >= 0) sb.append("    {rank=min; block").append(entry).append("}\n");
        int guard = layout.numLayoutBlocks();
        for (int b = layout.firstBlock(); b >= 0 && guard-- >= 0; b = layout.nextBlock(b)) {
            sb.append("    block").append(b).append(" [shape=record, label=\"{");
            sb.append("block").append(b);
            int np = b < dfg.numBlocks() ? dfg.numBlockParams(b) : 0;
            if (np > 0) {
                sb.append('(');
                for (int k = 0; k < np; k++) {
                    if (k > 0) sb.append(", ");
                    int v = dfg.blockParam(b, k);
                    sb.append('v').append(v).append(": ").append(dfg.valueType(v));
                }
                sb.append(')');
            }
            sb.append(":\n");
            int last = layout.lastInst(b);
            if (last >= 0) {
                sb.append(" | <inst").append(last).append('>');
                if (f.hasSrcLoc(last)) sb.append(String.format("@%04x ", f.srcLoc(last)));
                sb.append(InstText.of(f, last)).append('\n');
            }
            sb.append("}\"]\n");
        }
        guard = layout.numLayoutBlocks();
        for (int b = layout.firstBlock(); b >= 0 && guard-- >= 0; b = layout.nextBlock(b)) {
            int n = numPredecessors(b);
            for (int k = 0; k < n; k++) {
                sb.append("    block").append(predecessorBlock(b, k)).append(":inst").append(predecessorInst(b, k))
                        .append(" -> block").append(b).append('\n');
            }
        }
        sb.append("}\n");
        return sb.toString();
    }
}
