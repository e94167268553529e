package dev.davit.ir.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.Type;
import org.junit.jupiter.api.Test;

class ControlFlowGraphTest {
    @Test
    void emptyFunction() {
        Fb b = new Fb();
        ControlFlowGraph cfg = ControlFlowGraph.compute(b.f);
        assertEquals(0, cfg.numBlocks());
    }

    @Test
    void blocksWithoutBranchesHaveNoEdges() {
        Fb b = new Fb();
        int b0 = b.block(), b1 = b.block(), b2 = b.block();
        ControlFlowGraph cfg = ControlFlowGraph.compute(b.f);
        for (int x : new int[] {b0, b1, b2}) {
            assertEquals(0, cfg.numPredecessors(x));
            assertEquals(0, cfg.numSuccessors(x));
        }
    }

    @Test
    void branchesAndJumps() {
        Fb b = new Fb(Type.I32);
        int b0 = b.block(Type.I32), b1 = b.block(), b2 = b.block();
        int cond = b.param(b0, 0);
        int br0 = b.brif(b0, cond, b2, b1);
        int br1 = b.brif(b1, cond, b1, b2);
        b.ret(b2);
        ControlFlowGraph cfg = ControlFlowGraph.compute(b.f);

        assertArrayEquals(new int[] {b1, b2}, cfg.successors(b0)); // sorted by block number
        assertArrayEquals(new int[] {b1, b2}, cfg.successors(b1));
        assertArrayEquals(new int[0], cfg.successors(b2));
        assertArrayEquals(new int[] {br0, br1}, cfg.predecessorInsts(b1));
        assertArrayEquals(new int[] {b0, b1}, cfg.predecessorBlocks(b1));
        assertArrayEquals(new int[] {br0, br1}, cfg.predecessorInsts(b2));
        assertEquals(0, cfg.numPredecessors(b0));
    }

    @Test
    void duplicateTargetsAreOneEdge() {
        Fb b = new Fb(Type.I32);
        int b0 = b.block(Type.I32), b1 = b.block();
        int br = b.brif(b0, b.param(b0, 0), b1, b1);
        b.ret(b1);
        ControlFlowGraph cfg = ControlFlowGraph.compute(b.f);
        assertArrayEquals(new int[] {b1}, cfg.successors(b0));
        assertArrayEquals(new int[] {br}, cfg.predecessorInsts(b1));
    }

    @Test
    void brTableEdgesIncludeDefault() {
        Fb b = new Fb(Type.I32);
        int b0 = b.block(Type.I32), b1 = b.block(), b2 = b.block(), b3 = b.block();
        int br = b.brTable(b0, b.param(b0, 0), b3, b2, b1, b2);
        b.ret(b1);
        b.ret(b2);
        b.ret(b3);
        ControlFlowGraph cfg = ControlFlowGraph.compute(b.f);
        assertArrayEquals(new int[] {b1, b2, b3}, cfg.successors(b0));
        for (int x : new int[] {b1, b2, b3}) assertArrayEquals(new int[] {br}, cfg.predecessorInsts(x));
    }

    @Test
    void onlyTheLastInstructionMakesEdges() {
        // A branch in the middle of a block is a verifier error, not an edge.
        Fb b = new Fb();
        int b0 = b.block(), b1 = b.block(), b2 = b.block();
        b.jump(b0, b1);
        b.jump(b0, b2);
        b.ret(b1);
        b.ret(b2);
        ControlFlowGraph cfg = ControlFlowGraph.compute(b.f);
        assertArrayEquals(new int[] {b2}, cfg.successors(b0));
        assertEquals(0, cfg.numPredecessors(b1));
    }

    @Test
    void predecessorsSortedByInstructionNotLayout() {
        Fb b = new Fb();
        int b0 = b.block(), b1 = b.block(), b2 = b.block(), b3 = b.block();
        // Create b2's jump before b1's so instruction numbers run against the layout.
        int j0 = b.jump(b0, b3);
        int j2 = b.jump(b2, b3);
        int j1 = b.jump(b1, b3);
        b.ret(b3);
        ControlFlowGraph cfg = ControlFlowGraph.compute(b.f);
        assertArrayEquals(new int[] {j0, j2, j1}, cfg.predecessorInsts(b3));
        assertArrayEquals(new int[] {b0, b2, b1}, cfg.predecessorBlocks(b3));
    }

    @Test
    void danglingReferencesAreIgnored() {
        Fb b = new Fb();
        int b0 = b.block(), b1 = b.block();
        int j = b.jump(b0, b1);
        b.dfg.setDests(j, 12345); // dangling block call
        int t = b.brTable(b1, b.iconst(b1, Type.I32, 0), b0);
        b.dfg.setRef(t, 99); // dangling jump table
        ControlFlowGraph cfg = ControlFlowGraph.compute(b.f);
        assertEquals(0, cfg.numSuccessors(b0));
        assertEquals(0, cfg.numSuccessors(b1));
    }

    @Test
    void printMatchesCraneliftCfgPrinter() {
        Fb b = new Fb(Type.I32);
        int b0 = b.block(Type.I32), b1 = b.block(), b2 = b.block();
        b.brif(b0, b.param(b0, 0), b2, b1);
        b.jump(b1, b2);
        b.ret(b2);
        String text = ControlFlowGraph.print(b.f);
        assertTrue(text.startsWith("digraph \"%test\" {\n    {rank=min; block0}\n"), text);
        assertTrue(text.contains("    block0 [shape=record, label=\"{block0(v0: i32):\n | <inst0>"), text);
        assertTrue(text.contains("    block1 [shape=record, label=\"{block1:\n | <inst1>"), text);
        assertTrue(text.contains("\n}\"]\n"), text);
        assertTrue(text.endsWith("    block0:inst0 -> block1\n    block0:inst0 -> block2\n    block1:inst1 -> block2\n}\n"), text);
    }
}
