package dev.davit.ir.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DominatorTreeTest {
    /**
     * Builds a function from lines {@code "N: op targets..."} (op: jump, brif, br_table, return,
     * trap), laid out in the order given; the first is the entry. Block numbers are kept.
     */
    static Fb graph(String... lines) {
        Fb b = new Fb(Type.I32);
        int max = 0;
        for (String l : lines) {
            for (String w : l.replace(":", " ").trim().split("\\s+")) {
                if (w.chars().allMatch(Character::isDigit)) max = Math.max(max, Integer.parseInt(w));
            }
        }
        for (int k = 0; k <= max; k++) b.dfg.makeBlock();
        int cond = -1;
        for (String l : lines) {
            String[] w = l.replace(":", " ").trim().split("\\s+");
            int blk = Integer.parseInt(w[0]);
            if (cond < 0) cond = b.dfg.appendBlockParam(blk, Type.I32);
            b.layout.appendBlock(blk);
            int[] t = new int[w.length - 2];
            for (int k = 0; k < t.length; k++) t[k] = Integer.parseInt(w[k + 2]);
            switch (w[1]) {
                case "jump" -> b.jump(blk, t[0]);
                case "brif" -> b.brif(blk, cond, t[0], t[1]);
                case "br_table" -> b.brTable(blk, cond, t[0], Arrays.copyOfRange(t, 1, t.length));
                case "return" -> b.ret(blk);
                case "trap" -> b.trap(blk);
                default -> throw new IllegalArgumentException(w[1]);
            }
        }
        return b;
    }

    static DominatorTree domtree(Fb b) { return DominatorTree.compute(b.f, ControlFlowGraph.compute(b.f)); }

    @Test
    void basic() {
        // conformance clif/domtree/basic.clif
        DominatorTree dt = domtree(graph("0: jump 1", "1: brif 2 3", "2: jump 3", "3: return"));
        assertEquals(-1, dt.idom(0));
        assertEquals(0, dt.idom(1));
        assertEquals(1, dt.idom(2));
        assertEquals(1, dt.idom(3));
        assertEquals("""
                cfg_postorder: block3 block2 block1 block0
                domtree_preorder {
                    block0: block1
                    block1: block2 block3
                    block2:
                    block3:
                }
                """, dt.filecheckText());
    }

    @Test
    void loops() {
        // conformance clif/domtree/loops.clif, %test
        DominatorTree dt = domtree(graph("0: brif 2 1", "1: jump 3", "2: brif 5 4", "3: jump 4", "4: brif 5 3",
                "5: brif 6 4", "6: return"));
        assertArrayEquals(new int[] {6, 3, 4, 5, 2, 1, 0}, dt.cfgPostorder());
        assertEquals("""
                cfg_postorder: block6 block3 block4 block5 block2 block1 block0
                domtree_preorder {
                    block0: block1 block2 block5 block4 block3
                    block1:
                    block2:
                    block5: block6
                    block6:
                    block4:
                    block3:
                }
                """, dt.filecheckText());
    }

    @Test
    void loops2() {
        // conformance clif/domtree/loops.clif, %loop2
        DominatorTree dt = domtree(graph("0: brif 2 1", "1: jump 3", "2: brif 5 4", "3: jump 4", "4: brif 8 3",
                "8: brif 5 6", "5: brif 9 4", "9: trap", "6: jump 7", "7: return"));
        assertArrayEquals(new int[] {9, 7, 6, 8, 3, 4, 5, 2, 1, 0}, dt.cfgPostorder());
        assertTrue(dt.filecheckText().contains("""
                    block0: block1 block2 block5 block4 block3
                    block1:
                    block2:
                    block5: block9
                    block9:
                    block4: block8
                    block8: block6
                    block6: block7
                    block7:
                    block3:
                }
                """));
    }

    @Test
    void tallTree() {
        // conformance clif/domtree/tall-tree.clif
        DominatorTree dt = domtree(graph("0: brif 12 1", "12: brif 2 3", "1: jump 4", "2: jump 5", "3: jump 5",
                "4: brif 7 6", "5: return", "6: brif 13 8", "13: brif 9 10", "7: jump 10", "8: jump 11", "9: jump 11",
                "10: return", "11: return"));
        assertTrue(dt.filecheckText().endsWith("""
                domtree_preorder {
                    block0: block1 block12
                    block1: block4
                    block4: block6 block7 block10
                    block6: block8 block13 block11
                    block8:
                    block13: block9
                    block9:
                    block11:
                    block7:
                    block10:
                    block12: block3 block2 block5
                    block3:
                    block2:
                    block5:
                }
                """), dt.filecheckText());
    }

    @Test
    void unreachableNode() {
        Fb b = graph("0: brif 2 3", "3: trap", "1: jump 0", "2: return");
        DominatorTree dt = domtree(b);
        assertArrayEquals(new int[] {2, 3, 0}, dt.cfgPostorder());
        assertFalse(dt.isReachable(1));
        assertEquals(-1, dt.idom(1));
        assertTrue(dt.dominates(0, 0));
        assertFalse(dt.dominates(0, 1));
        assertTrue(dt.dominates(0, 2));
        assertFalse(dt.dominates(1, 0));
        assertTrue(dt.dominates(1, 1));
        assertFalse(dt.dominates(1, 2));
        assertFalse(dt.dominates(2, 0));
        int jumpInUnreachable = b.layout.lastInst(1);
        assertFalse(dt.instDominates(jumpInUnreachable, b.layout.lastInst(0), b.layout));
        assertFalse(dt.blockDominatesInst(0, jumpInUnreachable, b.layout));
    }

    @Test
    void nonZeroEntryBlock() {
        Fb b = graph("3: jump 1", "1: brif 0 2", "2: jump 0", "0: return");
        DominatorTree dt = domtree(b);
        assertArrayEquals(new int[] {0, 2, 1, 3}, dt.cfgPostorder());
        assertEquals(3, dt.entry());
        assertEquals(-1, dt.idom(3));
        assertEquals(3, dt.idom(1));
        assertEquals(1, dt.idom(2));
        assertEquals(1, dt.idom(0));
        int br = b.layout.lastInst(1), jmp = b.layout.lastInst(3);
        assertTrue(dt.instDominates(br, br, b.layout));
        assertFalse(dt.instDominates(br, jmp, b.layout));
        assertTrue(dt.instDominates(jmp, br, b.layout));
    }

    @Test
    void backwardsLayout() {
        Fb b = graph("0: jump 2", "1: trap", "2: jump 1");
        DominatorTree dt = domtree(b);
        int jmp02 = b.layout.lastInst(0), trap = b.layout.lastInst(1), jmp21 = b.layout.lastInst(2);
        assertEquals(2, dt.idom(1));
        assertEquals(0, dt.idom(2));
        assertTrue(dt.blockDominatesInst(0, jmp21, b.layout));
        assertTrue(dt.instDominatesBlock(jmp02, 1, b.layout));
        assertFalse(dt.instDominatesBlock(jmp02, 0, b.layout));
        assertTrue(dt.instDominates(jmp02, trap, b.layout));
        assertFalse(dt.instDominates(trap, jmp21, b.layout));
        assertTrue(dt.instDominates(jmp21, trap, b.layout));
        assertArrayEquals(new int[] {0, 2, 1}, dt.reversePostorder());
        assertEquals(2, dt.rpoNumber(1));
    }

    @Test
    void instructionsInOneBlock() {
        Fb b = new Fb();
        int b0 = b.block();
        int v1 = b.iconst(b0, Type.I32, 1);
        int v2 = b.iadd(b0, v1, v1);
        int v3 = b.iadd(b0, v2, v2);
        int r = b.ret(b0);
        DominatorTree dt = domtree(b);
        int i1 = b.dfg.valueDef(v1), i2 = b.dfg.valueDef(v2), i3 = b.dfg.valueDef(v3);
        assertTrue(dt.instDominates(i1, i2, b.layout));
        assertTrue(dt.instDominates(i1, i3, b.layout));
        assertFalse(dt.instDominates(i3, i1, b.layout));
        assertTrue(dt.instDominates(i2, i2, b.layout));
        assertTrue(dt.valueDominates(b.dfg, b.layout, v1, i2));
        assertFalse(dt.valueDominates(b.dfg, b.layout, v2, i2));
        assertFalse(dt.valueDominates(b.dfg, b.layout, v3, i2));
        assertTrue(dt.valueDominates(b.dfg, b.layout, v3, r));
        int alias = b.dfg.makeAlias(v1);
        assertTrue(dt.valueDominates(b.dfg, b.layout, alias, r));
    }

    @Test
    void longChainsNeedNoRecursion() {
        // 200k blocks in a chain with a back edge to the entry's successor: deep, not wide.
        Fb b = new Fb(Type.I32);
        int n = 200_000;
        int[] blk = new int[n];
        for (int k = 0; k < n; k++) blk[k] = k == 0 ? b.block(Type.I32) : b.block();
        int cond = b.param(blk[0], 0);
        for (int k = 0; k < n - 1; k++) {
            if (k % 1000 == 999) b.brif(blk[k], cond, blk[k + 1], blk[1]);
            else b.jump(blk[k], blk[k + 1]);
        }
        b.ret(blk[n - 1]);
        DominatorTree dt = domtree(b);
        assertEquals(n, dt.numReachable());
        assertEquals(n - 2, dt.idom(n - 1));
        assertTrue(dt.dominates(1, n - 1));
        assertFalse(dt.dominates(n - 1, 1));
        assertEquals(0, dt.postorderBlock(n - 1));
    }

    // =====================================================================================
    // Property: agrees with dominator sets from naive iterative dataflow
    // =====================================================================================

    /** A random CFG: per block a terminator kind (0 return, 1 jump, 2 brif, 3 br_table) and targets. */
    record RandomCfg(int[] kind, int[][] targets, int[] layoutOrder) {
        @Override public String toString() { return Arrays.toString(kind) + " " + Arrays.deepToString(targets) + " " + Arrays.toString(layoutOrder); }
    }

    @Provide
    Arbitrary<RandomCfg> cfgs() {
        return Arbitraries.integers().between(1, 24).flatMap(n -> {
            Arbitrary<int[]> kinds = Arbitraries.integers().between(0, 3).array(int[].class).ofSize(n);
            Arbitrary<int[][]> targets = Arbitraries.integers().between(0, n - 1).array(int[].class).ofMinSize(4).ofMaxSize(6)
                    .array(int[][].class).ofSize(n);
            Arbitrary<int[]> order = Arbitraries.shuffle(range(n)).map(l -> l.stream().mapToInt(Integer::intValue).toArray());
            return Combinators.combine(kinds, targets, order).as(RandomCfg::new);
        });
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int k = 0; k < n; k++) l.add(k);
        return l;
    }

    static Fb build(RandomCfg g) {
        int n = g.kind.length;
        Fb b = new Fb(Type.I32);
        for (int k = 0; k < n; k++) b.dfg.makeBlock();
        int entry = g.layoutOrder[0];
        int cond = b.dfg.appendBlockParam(entry, Type.I32);
        for (int blk : g.layoutOrder) {
            b.layout.appendBlock(blk);
            int[] t = g.targets[blk];
            switch (g.kind[blk]) {
                case 0 -> b.ret(blk);
                case 1 -> b.jump(blk, t[0]);
                case 2 -> b.brif(blk, cond, t[0], t[1]);
                default -> b.brTable(blk, cond, t[0], t[1], t[2], t[3]);
            }
        }
        return b;
    }

    static int[] succsInOrder(RandomCfg g, int blk) {
        int[] t = g.targets[blk];
        return switch (g.kind[blk]) {
            case 0 -> new int[0];
            case 1 -> new int[] {t[0]};
            case 2 -> new int[] {t[0], t[1]};
            default -> new int[] {t[0], t[1], t[2], t[3]};
        };
    }

    @Property(tries = 400)
    void agreesWithNaiveDominators(@ForAll("cfgs") RandomCfg g) {
        int n = g.kind.length;
        int entry = g.layoutOrder[0];
        Fb b = build(g);
        DominatorTree dt = domtree(b);

        // Reachability and the expected postorder, by a recursive DFS visiting successors in order.
        boolean[] seen = new boolean[n];
        List<Integer> post = new ArrayList<>();
        dfs(g, entry, seen, post);
        assertArrayEquals(post.stream().mapToInt(Integer::intValue).toArray(), dt.cfgPostorder(), g.toString());

        // Dom(entry) = {entry}; Dom(b) = {b} ∪ ⋂ Dom(p) over reachable predecessors p.
        BitSet[] dom = new BitSet[n];
        for (int k = 0; k < n; k++) {
            dom[k] = new BitSet();
            if (seen[k]) dom[k].set(0, n);
        }
        dom[entry].clear();
        dom[entry].set(entry);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int x = 0; x < n; x++) {
                if (!seen[x] || x == entry) continue;
                BitSet nd = null;
                for (int p = 0; p < n; p++) {
                    if (!seen[p]) continue;
                    boolean isPred = false;
                    for (int s : succsInOrder(g, p)) if (s == x) isPred = true;
                    if (!isPred) continue;
                    if (nd == null) nd = (BitSet) dom[p].clone();
                    else nd.and(dom[p]);
                }
                nd.set(x);
                if (!nd.equals(dom[x])) {
                    dom[x] = nd;
                    changed = true;
                }
            }
        }

        for (int x = 0; x < n; x++) {
            assertEquals(seen[x], dt.isReachable(x));
            if (!seen[x] || x == entry) {
                assertEquals(-1, dt.idom(x), "idom of block" + x + " in " + g);
                continue;
            }
            // The idom is the strict dominator that every other strict dominator dominates.
            int expectedIdom = -1;
            for (int d = dom[x].nextSetBit(0); d >= 0; d = dom[x].nextSetBit(d + 1)) {
                if (d == x) continue;
                BitSet strict = (BitSet) dom[x].clone();
                strict.clear(x);
                if (dom[d].equals(strict)) expectedIdom = d;
            }
            assertEquals(expectedIdom, dt.idom(x), "idom of block" + x + " in " + g);
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                boolean want = x == y || (seen[y] && seen[x] && dom[y].get(x));
                assertEquals(want, dt.dominates(x, y), "block" + x + " dominates block" + y + " in " + g);
            }
        }
        // Children are listed in reverse postorder.
        for (int x = 0; x < n; x++) {
            int[] ch = dt.children(x);
            for (int k = 1; k < ch.length; k++) assertTrue(dt.rpoNumber(ch[k - 1]) < dt.rpoNumber(ch[k]));
            for (int c : ch) assertEquals(x, dt.idom(c));
        }
    }

    private static void dfs(RandomCfg g, int blk, boolean[] seen, List<Integer> post) {
        seen[blk] = true;
        for (int s : succsInOrder(g, blk)) if (!seen[s]) dfs(g, s, seen, post);
        post.add(blk);
    }
}
