package dev.davit.filetests;

import dev.davit.ir.reader.TestCommand;
import dev.davit.ir.reader.TestFile;
import java.nio.file.Path;

/**
 * What a sub-test may know besides the function: the file it came from, the command with its
 * options, and the runner's options.
 */
public record TestContext(Path path, TestFile file, TestCommand command, FileTestRunner.Options options) {
    /** Whether the command carries option {@code name} (e.g. {@code precise-output}). */
    public boolean hasOption(String name) { return command.options().contains(name); }

    /** {@code path:line: message}. */
    public String at(int line, String message) { return path + ":" + line + ": " + message; }
}
