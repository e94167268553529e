package dev.davit.filetests;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.DataValue;
import dev.davit.ir.Function;
import dev.davit.ir.interpreter.RunLine;
import dev.davit.ir.interpreter.RunTests;
import dev.davit.ir.reader.Comment;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.isolated.CallOutcome;
import dev.davit.jit.isolated.IsolatedExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code test run} on a compiled target: all functions of the file are compiled for the target,
 * loaded as one module into an isolated worker process (so a crash or trap in compiled code fails
 * this file, never the runner), and every {@code ; run:} line is called there and compared with its
 * expectation as the interpreter's run lines are.
 */
final class RunTest implements SubTest {
    private final TargetIsa isa;
    private IsolatedExecutor.Module module; // per file: compiled on the first function
    private String compileFailure;
    private final List<String> names = new ArrayList<>();

    RunTest(TargetIsa isa) { this.isa = isa; }

    @Override public String name() { return "run"; }

    /** One worker process for the whole run; started on first use, ended with the JVM. */
    private static IsolatedExecutor executor;

    private static synchronized IsolatedExecutor executor() {
        if (executor == null) {
            executor = new IsolatedExecutor();
            Runtime.getRuntime().addShutdownHook(new Thread(executor::close));
        }
        return executor;
    }

    private void compileFile(TestContext ctx) {
        ModuleImage.Builder b = ModuleImage.builder();
        for (ParsedFunction pf : ctx.file().functions()) {
            Function f = pf.function();
            CompiledCode cc;
            try {
                cc = isa.compile(f, false);
            } catch (TargetIsa.CompileError | RuntimeException e) {
                compileFailure = ctx.at(pf.details().startLine(), "cannot compile " + f.name() + " for " + isa.name() + ": "
                        + e.getMessage());
                return;
            }
            if (cc.buffer().relocCount() > 0) {
                compileFailure = ctx.at(pf.details().startLine(), f.name() + ": calls and symbol references are not linked in test run yet");
                return;
            }
            String name = f.name().toString();
            names.add(name.startsWith("%") ? name.substring(1) : name);
            b.function(names.getLast(), Arrays.copyOf(cc.bytes(), cc.buffer().totalSize()), List.of());
        }
        module = executor().load(b.build());
    }

    @Override
    public Outcome run(TestContext ctx, ParsedFunction pf) {
        if (module == null && compileFailure == null) compileFile(ctx);
        if (compileFailure != null) return Outcome.fail(compileFailure);
        boolean ran = false;
        for (Comment c : pf.details().comments()) {
            String callee = RunLine.calledFunction(c.text());
            if (callee == null) continue;
            int index = names.indexOf(callee.startsWith("%") ? callee.substring(1) : callee);
            if (index < 0) return Outcome.fail(ctx.at(c.line(), "run line calls unknown function %" + callee));
            Function target = ctx.file().functions().get(index).function();
            RunLine line;
            try {
                line = RunLine.parse(c.text(), target.signature());
            } catch (IllegalArgumentException e) {
                return Outcome.fail(ctx.at(c.line(), "bad run line: " + e.getMessage()));
            }
            CallOutcome out = module.call(index, target.signature(), List.of(line.args()));
            String problem = switch (out) {
                case CallOutcome.Returned r -> {
                    DataValue[] actual = r.values().toArray(new DataValue[0]);
                    boolean same = RunTests.sameValues(actual, line.expected());
                    yield same == line.equals() ? null : "%" + callee + "(" + RunTests.list(line.args()) + ") "
                            + (line.equals() ? "==" : "!=") + " " + RunTests.list(line.expected()) + ", actual: " + RunTests.list(actual);
                }
                case CallOutcome.Trapped t -> "%" + callee + "(" + RunTests.list(line.args()) + ") trapped (" + t.name() + ")";
                case CallOutcome.Crashed cr -> "%" + callee + " crashed: " + cr.reason();
                case CallOutcome.TimedOut to -> "%" + callee + " timed out after " + to.limit();
                case CallOutcome.Failed fl -> "%" + callee + ": " + fl.message();
            };
            if (problem != null) return Outcome.fail(ctx.at(c.line(), "[" + isa.name() + "] " + problem));
            ran = true;
        }
        return ran ? Outcome.PASS : Outcome.skip("no run lines");
    }
}
