package dev.davit.codegen.machinst;

import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.Function;
import dev.davit.ir.Layout;
import dev.davit.ir.analysis.BranchDestinations;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;

/**
 * The order in which blocks are lowered and emitted, and the blocks the lowering adds. Machine
 * blocks ("lowered blocks") are the reachable CLIF blocks in reverse postorder, cold blocks last,
 * plus one new block on every critical edge (from a block with several successors to one with
 * several predecessors), placed right after the edge's source so that it usually falls through.
 * The register allocator needs critical edges split: moves for a successor's block parameters must
 * go on an edge that no other path shares. A split edge's block holds only a jump that passes the
 * original branch's arguments; the original branch then targets the new block with no arguments.
 *
 * <p>Everything is int arrays indexed by lowered block; built once per function, no per-edge objects.
 */
public final class BlockLoweringOrder {
    private final int numLowered;
    private final int[] origBlock;     // CLIF block, or -1 for an edge block
    private final int[] edgeInst;      // for an edge block: the branch instruction it comes from
    private final int[] edgeSuccIndex; // ... and which of its destinations
    private final int[] succStart;     // lowered successors, flat
    private final int[] succs;
    private final int[] loweredOf;     // CLIF block -> lowered index, or -1 when unreachable
    private final int[] destStart;     // per CLIF block: start of its branch's lowered destinations in dests
    private final int[] dests;

    private BlockLoweringOrder(int n, int[] origBlock, int[] edgeInst, int[] edgeSuccIndex, int[] succStart, int[] succs,
                               int[] loweredOf, int[] destStart, int[] dests) {
        this.numLowered = n;
        this.origBlock = origBlock;
        this.edgeInst = edgeInst;
        this.edgeSuccIndex = edgeSuccIndex;
        this.succStart = succStart;
        this.succs = succs;
        this.loweredOf = loweredOf;
        this.destStart = destStart;
        this.dests = dests;
    }

    /** Computes the order for a verified function. */
    public static BlockLoweringOrder compute(Function f) {
        DataFlowGraph dfg = f.dfg();
        Layout layout = f.layout();
        int nb = dfg.numBlocks();
        int entry = layout.entryBlock();
        if (entry >= 0) {
            int t = layout.lastInst(entry);
            if (t < 0 || BranchDestinations.count(dfg, t) == 0) return entryOnly(nb, entry);
        }
        int[] term = new int[nb];
        Arrays.fill(term, -1);
        for (int b = layout.firstBlock(); b >= 0; b = layout.nextBlock(b)) term[b] = layout.lastInst(b);

        // Reverse postorder by an explicit-stack DFS that visits destinations last to first, so the
        // order follows the branch's own order (a brif's then-block right after it).
        int[] post = new int[nb];
        int npost = 0;
        boolean[] seen = new boolean[nb];
        int[] stackBlock = new int[nb + 1], stackNext = new int[nb + 1];
        int sp = 0;
        if (entry >= 0) {
            seen[entry] = true;
            stackBlock[0] = entry;
            stackNext[0] = 0;
            sp = 1;
        }
        while (sp > 0) {
            int b = stackBlock[sp - 1];
            int t = term[b];
            int count = t >= 0 ? BranchDestinations.count(dfg, t) : 0;
            int k = stackNext[sp - 1];
            if (k < count) {
                stackNext[sp - 1] = k + 1;
                int s = BranchDestinations.block(dfg, t, count - 1 - k);
                if (s >= 0 && !seen[s]) {
                    seen[s] = true;
                    stackBlock[sp] = s;
                    stackNext[sp] = 0;
                    sp++;
                }
            } else {
                post[npost++] = b;
                sp--;
            }
        }
        // Edges into each block, counted with multiplicity from reachable blocks only.
        int[] predCount = new int[nb];
        for (int i = 0; i < npost; i++) {
            int t = term[post[i]];
            int count = t >= 0 ? BranchDestinations.count(dfg, t) : 0;
            for (int k = 0; k < count; k++) {
                int s = BranchDestinations.block(dfg, t, k);
                if (s >= 0) predCount[s]++;
            }
        }
        // Layout order: RPO with cold blocks moved to the end; each block followed by its edge blocks.
        IntArrayList order = new IntArrayList(npost);
        for (int i = npost - 1; i >= 0; i--) if (!layout.isCold(post[i])) order.add(post[i]);
        for (int i = npost - 1; i >= 0; i--) if (layout.isCold(post[i])) order.add(post[i]);

        IntArrayList orig = new IntArrayList(), eInst = new IntArrayList(), eIdx = new IntArrayList();
        int[] loweredOf = new int[nb];
        Arrays.fill(loweredOf, -1);
        for (int i = 0; i < order.size(); i++) {
            int b = order.getInt(i);
            loweredOf[b] = orig.size();
            orig.add(b);
            eInst.add(-1);
            eIdx.add(-1);
            int t = term[b];
            int count = t >= 0 ? BranchDestinations.count(dfg, t) : 0;
            if (count < 2) continue;
            for (int k = 0; k < count; k++) {
                int s = BranchDestinations.block(dfg, t, k);
                if (s >= 0 && predCount[s] > 1) {
                    orig.add(-1);
                    eInst.add(t);
                    eIdx.add(k);
                }
            }
        }
        int n = orig.size();
        int[] origBlock = orig.toIntArray(), edgeInst = eInst.toIntArray(), edgeSuccIndex = eIdx.toIntArray();
        // Successors of lowered blocks, and each CLIF branch's lowered destinations.
        int[] succStart = new int[n + 1];
        IntArrayList succ = new IntArrayList(n * 2);
        int[] destStart = new int[nb + 1];
        IntArrayList dest = new IntArrayList(n * 2);
        int[] destCount = new int[nb];
        int[][] destsOf = new int[nb][];
        for (int i = 0; i < n; i++) {
            int b = origBlock[i];
            if (b < 0) continue;
            int t = term[b];
            int count = t >= 0 ? BranchDestinations.count(dfg, t) : 0;
            int[] d = new int[count];
            int edge = i + 1;
            for (int k = 0; k < count; k++) {
                int s = BranchDestinations.block(dfg, t, k);
                if (count > 1 && s >= 0 && predCount[s] > 1) d[k] = edge++;
                else d[k] = s >= 0 ? loweredOf[s] : -1;
            }
            destsOf[b] = d;
            destCount[b] = count;
        }
        for (int b = 0; b < nb; b++) {
            destStart[b] = dest.size();
            if (destsOf[b] != null) dest.addElements(dest.size(), destsOf[b]);
        }
        destStart[nb] = dest.size();
        for (int i = 0; i < n; i++) {
            succStart[i] = succ.size();
            if (origBlock[i] >= 0) {
                int[] d = destsOf[origBlock[i]];
                if (d != null) succ.addElements(succ.size(), d);
            } else {
                succ.add(loweredOf[BranchDestinations.block(dfg, edgeInst[i], edgeSuccIndex[i])]);
            }
        }
        succStart[n] = succ.size();
        return new BlockLoweringOrder(n, origBlock, edgeInst, edgeSuccIndex, succStart, succ.toIntArray(), loweredOf,
                destStart, dest.toIntArray());
    }

    private static final int[] NONE = new int[0];

    /** The order of a function whose entry block branches nowhere: that block alone. */
    private static BlockLoweringOrder entryOnly(int nb, int entry) {
        int[] loweredOf = new int[nb];
        Arrays.fill(loweredOf, -1);
        loweredOf[entry] = 0;
        return new BlockLoweringOrder(1, new int[] {entry}, new int[] {-1}, new int[] {-1}, new int[2], NONE, loweredOf,
                new int[nb + 1], NONE);
    }

    /** Number of machine blocks. */
    public int numBlocks() { return numLowered; }

    /** The CLIF block lowered into machine block {@code i}, or -1 if {@code i} is a split edge. */
    public int origBlock(int i) { return origBlock[i]; }

    /** Whether machine block {@code i} is a split critical edge. */
    public boolean isEdge(int i) { return origBlock[i] < 0; }

    /** For an edge block: the CLIF branch instruction the edge leaves. */
    public int edgeInst(int i) { return edgeInst[i]; }

    /** For an edge block: which destination of {@link #edgeInst} it is. */
    public int edgeSuccIndex(int i) { return edgeSuccIndex[i]; }

    public int numSuccs(int i) { return succStart[i + 1] - succStart[i]; }

    public int succ(int i, int k) { return succs[succStart[i] + k]; }

    /** The machine block of a CLIF block, or -1 if it is unreachable (and not lowered). */
    public int loweredIndex(int clifBlock) { return clifBlock >= 0 && clifBlock < loweredOf.length ? loweredOf[clifBlock] : -1; }

    /**
     * The machine block the {@code k}-th destination of CLIF block {@code clifBlock}'s terminator goes
     * to: its own block, or the edge block when the edge was split (then no arguments are passed).
     */
    public int branchTarget(int clifBlock, int k) { return dests[destStart[clifBlock] + k]; }

    /** Whether the {@code k}-th destination of {@code clifBlock}'s terminator goes through a split edge. */
    public boolean branchGoesThroughEdge(int clifBlock, int k) { return isEdge(branchTarget(clifBlock, k)); }

    /** Machine block names and successors, one line each, for tests and {@code -p} output. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < numLowered; i++) {
            sb.append(i).append(": ");
            if (origBlock[i] >= 0) sb.append("block").append(origBlock[i]);
            else sb.append("edge inst").append(edgeInst[i]).append('#').append(edgeSuccIndex[i]);
            sb.append(" ->");
            for (int k = 0; k < numSuccs(i); k++) sb.append(' ').append(succ(i, k));
            sb.append('\n');
        }
        return sb.toString();
    }
}
