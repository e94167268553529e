package dev.davit.ir.reader;

import java.util.List;

/**
 * A {@code test} line: {@code test compile precise-output} has name {@code compile} and options
 * {@code [precise-output]}.
 *
 * @param line 1-based line of the {@code test} keyword
 */
public record TestCommand(String name, List<String> options, int line) {
    public TestCommand {
        options = List.copyOf(options);
    }
}
