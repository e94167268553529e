package dev.davit.filetests;

import dev.davit.ir.analysis.ControlFlowGraph;
import dev.davit.ir.reader.ParsedFunction;

/** {@code test print-cfg}: the CFG in graphviz text must satisfy the function's filecheck directives. */
final class PrintCfgTest implements SubTest {
    @Override public String name() { return "print-cfg"; }

    @Override
    public Outcome run(TestContext ctx, ParsedFunction f) {
        return FileChecks.check(ctx, f, ControlFlowGraph.print(f.function()));
    }
}
