package dev.davit.ir.reader;

import java.util.List;

/**
 * A parsed {@code .clif} test file.
 *
 * @param fileName          the name given to the parser (for messages), or null
 * @param commands          the {@code test} lines, in order
 * @param isaLines          the {@code set} and {@code target} lines, in order; a {@code set} line
 *                          applies to the {@code target} lines after it
 * @param functions         the functions, in order
 * @param preambleComments  comments before the first function
 */
public record TestFile(String fileName, List<TestCommand> commands, List<IsaLine> isaLines,
                       List<ParsedFunction> functions, List<Comment> preambleComments) {
    public TestFile {
        commands = List.copyOf(commands);
        isaLines = List.copyOf(isaLines);
        functions = List.copyOf(functions);
        preambleComments = List.copyOf(preambleComments);
    }
}
