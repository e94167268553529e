package dev.davit.codegen.machinst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.Function;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockLoweringOrderTest {
    static Function parse(String text) throws ParseError {
        return ClifParser.parseTestFile(text, "test.clif").functions().get(0).function();
    }

    @Test
    void diamondNeedsNoSplitting() throws ParseError {
        BlockLoweringOrder o = BlockLoweringOrder.compute(parse("""
                function %f(i32) -> i32 {
                block0(v0: i32):
                    brif v0, block1, block2
                block1:
                    jump block3(v0)
                block2:
                    jump block3(v0)
                block3(v1: i32):
                    return v1
                }
                """));
        assertEquals("""
                0: block0 -> 1 2
                1: block1 -> 3
                2: block2 -> 3
                3: block3 ->
                """, o.toString());
    }

    @Test
    void criticalEdgeIsSplitAfterItsSource() throws ParseError {
        // block0 -> block2 is critical: block0 has two successors, block2 two predecessors.
        BlockLoweringOrder o = BlockLoweringOrder.compute(parse("""
                function %f(i32) -> i32 {
                block0(v0: i32):
                    brif v0, block1, block2(v0)
                block1:
                    v1 = iconst.i32 1
                    jump block2(v1)
                block2(v2: i32):
                    return v2
                }
                """));
        assertEquals(4, o.numBlocks());
        assertTrue(o.isEdge(1));
        assertEquals(1, o.edgeSuccIndex(1));
        assertTrue(o.branchGoesThroughEdge(0, 1));
        assertEquals(o.loweredIndex(1), o.branchTarget(0, 0));
        assertEquals(o.loweredIndex(2), o.succ(1, 0));
    }

    @Test
    void unreachableBlocksAreDroppedAndColdBlocksGoLast() throws ParseError {
        BlockLoweringOrder o = BlockLoweringOrder.compute(parse("""
                function %f(i32) -> i32 {
                block0(v0: i32):
                    brif v0, block1, block2
                block1 cold:
                    trap user1
                block2:
                    return v0
                block3:
                    return v0
                }
                """));
        assertEquals(3, o.numBlocks());
        assertEquals(-1, o.loweredIndex(3));
        assertEquals(2, o.loweredIndex(1));
    }

    @Test
    void brTableWithRepeatedTargetSplitsEachEdge() throws ParseError {
        BlockLoweringOrder o = BlockLoweringOrder.compute(parse("""
                function %f(i32) -> i32 {
                block0(v0: i32):
                    br_table v0, block1, [block1, block2]
                block1:
                    return v0
                block2:
                    return v0
                }
                """));
        assertTrue(o.branchGoesThroughEdge(0, 0));
        assertTrue(o.branchGoesThroughEdge(0, 1));
        assertTrue(!o.branchGoesThroughEdge(0, 2));
    }

    /**
     * For random CFGs: every lowered block's successors are in range, the entry is first, and no
     * edge left unsplit leaves a block with several successors for a block with several predecessors.
     */
    @Property(tries = 200)
    void noCriticalEdgesRemain(@ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 11) Integer> targetsA,
                               @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 11) Integer> targetsB)
            throws ParseError {
        int n = Math.min(targetsA.size(), targetsB.size());
        StringBuilder sb = new StringBuilder("function %f(i32) {\n");
        for (int b = 0; b < n; b++) {
            sb.append("block").append(b).append(b == 0 ? "(v0: i32):\n" : ":\n");
            int a = targetsA.get(b) % n, c = targetsB.get(b) % n;
            if (a == 0 || c == 0) sb.append("    return\n"); // the entry block may not be a branch target
            else if (a == c) sb.append("    jump block").append(a).append('\n');
            else sb.append("    brif v0, block").append(a).append(", block").append(c).append('\n');
        }
        sb.append("}\n");
        BlockLoweringOrder o = BlockLoweringOrder.compute(parse(sb.toString()));
        int m = o.numBlocks();
        assertEquals(0, o.origBlock(0));
        int[] preds = new int[m];
        for (int i = 0; i < m; i++) for (int k = 0; k < o.numSuccs(i); k++) {
            int s = o.succ(i, k);
            assertTrue(s > 0 && s < m);
            preds[s]++;
        }
        for (int i = 0; i < m; i++) {
            if (o.numSuccs(i) < 2) continue;
            for (int k = 0; k < o.numSuccs(i); k++) assertEquals(1, preds[o.succ(i, k)], sb + "\n" + o);
        }
    }
}
