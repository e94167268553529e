package dev.davit.filetests;

import dev.davit.ir.Function;
import dev.davit.ir.Signature;
import dev.davit.ir.interpreter.Interpreter;
import dev.davit.ir.interpreter.InterpreterException;
import dev.davit.ir.interpreter.RunLine;
import dev.davit.ir.interpreter.RunTests;
import dev.davit.ir.reader.Comment;
import dev.davit.ir.reader.ParsedFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code test interpret}: every {@code ; run:} line in a function's comments is executed by the
 * interpreter over all functions of the file, and must hold.
 */
final class InterpretTest implements SubTest {
    private Interpreter interpreter;

    @Override public String name() { return "interpret"; }

    @Override
    public Outcome run(TestContext ctx, ParsedFunction f) {
        if (interpreter == null) {
            List<Function> all = new ArrayList<>();
            for (ParsedFunction pf : ctx.file().functions()) all.add(pf.function());
            interpreter = new Interpreter(all);
        }
        boolean ran = false;
        for (Comment c : f.details().comments()) {
            String callee = RunLine.calledFunction(c.text());
            if (callee == null) continue;
            Function target = interpreter.function(callee);
            if (target == null) return Outcome.fail(ctx.at(c.line(), "run line calls unknown function %" + callee));
            Signature sig = target.signature();
            RunLine line;
            try {
                line = RunLine.parse(c.text(), sig);
            } catch (IllegalArgumentException e) {
                return Outcome.fail(ctx.at(c.line(), "bad run line: " + e.getMessage()));
            }
            String mismatch;
            try {
                mismatch = RunTests.check(interpreter, line);
            } catch (InterpreterException e) {
                return Outcome.fail(ctx.at(c.line(), e.getMessage()));
            }
            if (mismatch != null) return Outcome.fail(ctx.at(c.line(), mismatch));
            ran = true;
        }
        return ran ? Outcome.PASS : Outcome.skip("no run lines");
    }
}
