package dev.davit.filetests;

import dev.davit.ir.reader.ParsedFunction;

/**
 * One {@code test NAME} command of a filetest, applied to each function of the file in turn. A
 * sub-test is stateless between functions except through {@link TestContext}.
 */
public interface SubTest {
    /** The command name, e.g. {@code verifier}. */
    String name();

    /** Runs on one function. Must not throw for bad input: bad input is a {@link Outcome.Fail}. */
    Outcome run(TestContext ctx, ParsedFunction function) throws Exception;
}
