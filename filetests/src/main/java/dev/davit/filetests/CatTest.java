package dev.davit.filetests;

import dev.davit.ir.reader.ParsedFunction;
import dev.davit.ir.writer.FunctionWriter;

/** {@code test cat}: the function printed back must satisfy its filecheck directives. */
final class CatTest implements SubTest {
    @Override public String name() { return "cat"; }

    @Override
    public Outcome run(TestContext ctx, ParsedFunction f) {
        return FileChecks.check(ctx, f, FunctionWriter.write(f.function()));
    }
}
