package dev.davit.ir.analysis;

import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.Function;
import dev.davit.ir.Layout;
import java.util.Arrays;

/**
 * Immediate dominators of the blocks of a function, by the Cooper-Harvey-Kennedy iterative
 * algorithm over reverse postorder ("A Simple, Fast Dominance Algorithm", 2001), plus a
 * dominator-tree preorder numbering that answers block dominance in constant time.
 *
 * <p>The postorder is the one Cranelift caches: a depth-first search from the entry block that
 * follows the last instruction's destinations and visits the first destination first (it is pushed
 * last). Cranelift computes its tree with Semi-NCA; the idoms are the same, and so are the
 * postorder and the child order (reverse postorder), which {@code test domtree} prints.
 *
 * <p>Unreachable blocks have no idom, no postorder position and dominate only themselves. All
 * per-block data are int arrays indexed by block; a block outside the arrays (created after the
 * tree was computed) is treated as unreachable.
 */
public final class DominatorTree {
    private final int numBlocks;
    private final int entry;
    private final int[] postorder;
    private final int[] rpoNumber; // index in reverse postorder, -1 if unreachable
    private final int[] idom; // -1 for the entry and unreachable blocks
    private final int[] childStart, children; // dominator-tree children, in reverse postorder
    private final int[] preNumber, preMax; // dominator-tree preorder, 0 if unreachable

    private DominatorTree(int numBlocks, int entry, int[] postorder, int[] rpoNumber, int[] idom, int[] childStart,
                          int[] children, int[] preNumber, int[] preMax) {
        this.numBlocks = numBlocks;
        this.entry = entry;
        this.postorder = postorder;
        this.rpoNumber = rpoNumber;
        this.idom = idom;
        this.childStart = childStart;
        this.children = children;
        this.preNumber = preNumber;
        this.preMax = preMax;
    }

    /** Computes the dominator tree of {@code f} using its control flow graph {@code cfg}. */
    public static DominatorTree compute(Function f, ControlFlowGraph cfg) {
        DataFlowGraph dfg = f.dfg();
        Layout layout = f.layout();
        int nb = dfg.numBlocks();
        int entry = layout.entryBlock();
        if (entry >= nb) entry = -1;

        int[] postorder = postorder(dfg, layout, entry, nb);
        int n = postorder.length;
        int[] rpo = new int[nb];
        Arrays.fill(rpo, -1);
        for (int k = 0; k < n; k++) rpo[postorder[n - 1 - k]] = k;

        int[] idom = new int[nb];
        Arrays.fill(idom, -1);
        if (entry >= 0) {
            idom[entry] = entry;
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int k = n - 2; k >= 0; k--) { // reverse postorder, entry excluded
                    int b = postorder[k];
                    int newIdom = -1;
                    int np = cfg.numPredecessors(b);
                    for (int j = 0; j < np; j++) {
                        int p = cfg.predecessorBlock(b, j);
                        if (p >= nb || idom[p] < 0) continue; // unreachable or not yet processed
                        newIdom = newIdom < 0 ? p : intersect(p, newIdom, idom, rpo);
                    }
                    if (newIdom >= 0 && idom[b] != newIdom) {
                        idom[b] = newIdom;
                        changed = true;
                    }
                }
            }
            idom[entry] = -1;
        }

        // Children in reverse postorder: bucket by idom, filling in RPO order.
        int[] cStart = new int[nb + 1];
        for (int k = 0; k < n; k++) {
            int b = postorder[k];
            if (idom[b] >= 0) cStart[idom[b] + 1]++;
        }
        for (int b = 0; b < nb; b++) cStart[b + 1] += cStart[b];
        int[] ch = new int[Math.max(0, n - 1)];
        int[] fill = Arrays.copyOf(cStart, nb);
        for (int k = n - 1; k >= 0; k--) {
            int b = postorder[k];
            if (idom[b] >= 0) ch[fill[idom[b]]++] = b;
        }

        // Preorder numbers (from 1) and subtree extents. A block's dominator-tree descendants follow
        // it in the CFG postorder's reverse, so sizes accumulate in one pass over the postorder.
        int[] pre = new int[nb], max = new int[nb];
        if (entry >= 0) {
            int[] size = new int[nb];
            for (int k = 0; k < n; k++) {
                int b = postorder[k];
                size[b]++;
                if (idom[b] >= 0) size[idom[b]] += size[b];
            }
            int[] stack = new int[n];
            int sp = 0, next = 1;
            stack[sp++] = entry;
            while (sp > 0) {
                int b = stack[--sp];
                pre[b] = next++;
                max[b] = pre[b] + size[b] - 1;
                for (int k = cStart[b + 1] - 1; k >= cStart[b]; k--) stack[sp++] = ch[k];
            }
        }
        return new DominatorTree(nb, entry, postorder, rpo, idom, cStart, ch, pre, max);
    }

    private static int intersect(int a, int b, int[] idom, int[] rpo) {
        while (a != b) {
            while (rpo[a] > rpo[b]) a = idom[a];
            while (rpo[b] > rpo[a]) b = idom[b];
        }
        return a;
    }

    /** Depth-first postorder from the entry, following last-instruction destinations in order. */
    private static int[] postorder(DataFlowGraph dfg, Layout layout, int entry, int nb) {
        if (entry < 0) return new int[0];
        byte[] seen = new byte[nb];
        int[] out = new int[nb];
        int n = 0;
        // Stack entries: b >= 0 enters b, ~b exits it.
        int[] stack = new int[16];
        int sp = 0;
        stack[sp++] = entry;
        int ni = dfg.numInsts();
        while (sp > 0) {
            int e = stack[--sp];
            if (e < 0) {
                out[n++] = ~e;
                continue;
            }
            if (seen[e] != 0) continue;
            seen[e] = 1;
            int last = layout.lastInst(e);
            int nd = last >= 0 && last < ni ? BranchDestinations.count(dfg, last) : 0;
            if (sp + nd + 1 > stack.length) stack = Arrays.copyOf(stack, Math.max(stack.length * 2, sp + nd + 1));
            stack[sp++] = ~e;
            // Pushed in reverse so the first destination is explored first.
            for (int i = nd - 1; i >= 0; i--) {
                int s = BranchDestinations.block(dfg, last, i);
                if (s >= 0 && seen[s] == 0 && layout.isBlockInserted(s)) stack[sp++] = s;
            }
        }
        return Arrays.copyOf(out, n);
    }

    // =====================================================================================
    // Queries
    // =====================================================================================

    /** The entry block the tree is rooted at, or -1 for an empty function. */
    public int entry() { return entry; }

    /** Whether {@code block} is reachable from the entry block. */
    public boolean isReachable(int block) { return block >= 0 && block < numBlocks && rpoNumber[block] >= 0; }

    /** The immediate dominator of {@code block}; -1 for the entry block and unreachable blocks. */
    public int idom(int block) { return block >= 0 && block < numBlocks ? idom[block] : -1; }

    /** The reachable blocks in CFG postorder (a copy). */
    public int[] cfgPostorder() { return postorder.clone(); }

    /** The reachable blocks in CFG reverse postorder (a fresh array). */
    public int[] reversePostorder() {
        int n = postorder.length;
        int[] r = new int[n];
        for (int k = 0; k < n; k++) r[k] = postorder[n - 1 - k];
        return r;
    }

    /** Number of reachable blocks. */
    public int numReachable() { return postorder.length; }

    /** The {@code i}-th block in CFG postorder. */
    public int postorderBlock(int i) { return postorder[i]; }

    /** Position of {@code block} in reverse postorder (the entry is 0), or -1 if unreachable. */
    public int rpoNumber(int block) { return block >= 0 && block < numBlocks ? rpoNumber[block] : -1; }

    /** Number of children of {@code block} in the dominator tree. */
    public int numChildren(int block) {
        return block >= 0 && block < numBlocks ? childStart[block + 1] - childStart[block] : 0;
    }

    /** The {@code i}-th dominator-tree child of {@code block}; children come in reverse postorder. */
    public int child(int block, int i) { return children[childStart[block] + i]; }

    /** The dominator-tree children of {@code block}, in reverse postorder (a copy). */
    public int[] children(int block) {
        return block >= 0 && block < numBlocks
                ? Arrays.copyOfRange(children, childStart[block], childStart[block + 1]) : new int[0];
    }

    /**
     * Whether block {@code a} dominates block {@code b}: every path from the entry to {@code b}
     * passes through {@code a}. A block dominates itself; otherwise an unreachable block neither
     * dominates nor is dominated. Constant time.
     */
    public boolean dominates(int a, int b) {
        if (a == b) return true;
        if (!isReachable(a) || !isReachable(b)) return false;
        return preNumber[a] <= preNumber[b] && preMax[a] >= preMax[b];
    }

    /** Whether {@code a} dominates {@code b} and differs from it. */
    public boolean strictlyDominates(int a, int b) { return a != b && dominates(a, b); }

    /**
     * Whether instruction {@code a} dominates instruction {@code b}: same block and {@code a} not
     * after {@code b}, or {@code a}'s block dominates {@code b}'s. An instruction dominates itself.
     * False if either is not in the layout. Same-block order is read from {@code layout}, so it stays
     * right after instructions are inserted within a block; it costs the distance between the two.
     */
    public boolean instDominates(int a, int b, Layout layout) {
        if (a < 0 || b < 0) return false;
        int ba = layout.instBlock(a), bb = layout.instBlock(b);
        if (ba < 0 || bb < 0) return false;
        if (ba != bb) return dominates(ba, bb);
        for (int i = a; i >= 0; i = layout.nextInst(i)) if (i == b) return true;
        return false;
    }

    /** Whether {@code block} dominates instruction {@code inst} (its own instructions included). */
    public boolean blockDominatesInst(int block, int inst, Layout layout) {
        int bi = inst < 0 ? -1 : layout.instBlock(inst);
        return bi >= 0 && dominates(block, bi);
    }

    /** Whether instruction {@code inst} dominates the start of {@code block}: its block strictly does. */
    public boolean instDominatesBlock(int inst, int block, Layout layout) {
        int bi = inst < 0 ? -1 : layout.instBlock(inst);
        return bi >= 0 && strictlyDominates(bi, block);
    }

    /**
     * Whether value {@code v} is available at instruction {@code inst}: a block parameter whose block
     * dominates {@code inst}, or a result of an instruction that dominates {@code inst} and is not
     * {@code inst} itself. Aliases are followed.
     */
    public boolean valueDominates(DataFlowGraph dfg, Layout layout, int v, int inst) {
        int n = 0;
        while (dfg.valueIsValid(v) && dfg.valueKind(v) == DataFlowGraph.VALUE_ALIAS) {
            v = dfg.valueDef(v);
            if (++n > dfg.numValues()) return false;
        }
        if (!dfg.valueIsValid(v)) return false;
        int def = dfg.valueDef(v);
        if (dfg.valueKind(v) == DataFlowGraph.VALUE_PARAM) return blockDominatesInst(def, inst, layout);
        return def >= 0 && def != inst && instDominates(def, inst, layout);
    }

    /**
     * The text {@code test domtree} runs its filecheck directives over, as Cranelift's
     * {@code filecheck_text}: the CFG postorder on one line, then the dominator tree in preorder,
     * one block per line with its children.
     */
    public String filecheckText() {
        StringBuilder sb = new StringBuilder("cfg_postorder:");
        for (int b : postorder) sb.append(" block").append(b);
        sb.append("\ndomtree_preorder {\n");
        if (entry >= 0) {
            int[] stack = new int[postorder.length + 1];
            int sp = 0;
            stack[sp++] = entry;
            while (sp > 0) {
                int b = stack[--sp];
                sb.append("    block").append(b).append(':');
                int lo = childStart[b], hi = childStart[b + 1];
                for (int k = lo; k < hi; k++) sb.append(" block").append(children[k]);
                sb.append('\n');
                for (int k = hi - 1; k >= lo; k--) stack[sp++] = children[k];
            }
        }
        sb.append("}\n");
        return sb.toString();
    }
}
