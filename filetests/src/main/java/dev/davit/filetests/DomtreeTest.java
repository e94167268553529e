package dev.davit.filetests;

import dev.davit.ir.Function;
import dev.davit.ir.analysis.ControlFlowGraph;
import dev.davit.ir.analysis.DominatorTree;
import dev.davit.ir.reader.Comment;
import dev.davit.ir.reader.EntityRef;
import dev.davit.ir.reader.ParsedFunction;
import java.util.BitSet;

/**
 * {@code test domtree}: a {@code ; dominates: blockA blockB} comment on an instruction says its block
 * is the immediate dominator of those blocks; every other reachable block but the entry must have
 * no idom. Then the postorder and dominator-tree text must satisfy the filecheck directives.
 */
final class DomtreeTest implements SubTest {
    @Override public String name() { return "domtree"; }

    @Override
    public Outcome run(TestContext ctx, ParsedFunction pf) {
        Function f = pf.function();
        DominatorTree dt = DominatorTree.compute(f, ControlFlowGraph.compute(f));
        BitSet annotated = new BitSet();
        for (Comment c : pf.details().comments()) {
            String tail = VerifierTest.directive(c.text(), "dominates:");
            if (tail == null) continue;
            if (!(c.entity() instanceof EntityRef.InstRef(int inst)))
                return Outcome.fail(ctx.at(c.line(), "annotation must be on an instruction: " + c.rawText()));
            int instBlock = f.layout().instBlock(inst);
            for (String word : tail.split("\\s+")) {
                if (word.isEmpty()) continue;
                int dest = blockNumber(word);
                if (dest < 0) return Outcome.fail(ctx.at(c.line(), "expected a block, got '" + word + "'"));
                if (annotated.get(dest))
                    return Outcome.fail(ctx.at(c.line(), "multiple dominators for " + word));
                annotated.set(dest);
                int got = dt.idom(dest);
                if (got < 0) return Outcome.fail(ctx.at(c.line(), word + " is unreachable or the entry, so it has no idom"));
                if (got != instBlock)
                    return Outcome.fail(ctx.at(c.line(), "mismatching idoms for " + word + ": want block" + instBlock
                            + ", got block" + got));
            }
        }
        for (int b = f.layout().firstBlock(); b >= 0; b = f.layout().nextBlock(b)) {
            if (!annotated.get(b) && dt.idom(b) >= 0)
                return Outcome.fail(ctx.at(pf.details().blockLine(b), "block" + b + " has an idom (block" + dt.idom(b)
                        + ") but no annotation"));
        }
        return FileChecks.check(ctx, pf, dt.filecheckText());
    }

    private static int blockNumber(String word) {
        if (!word.startsWith("block") || word.length() == 5 || word.length() > 14) return -1;
        for (int i = 5; i < word.length(); i++) if (!Character.isDigit(word.charAt(i))) return -1;
        return Integer.parseInt(word.substring(5));
    }
}
