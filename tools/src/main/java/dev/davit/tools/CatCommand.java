package dev.davit.tools;

import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.ir.reader.TestFile;
import dev.davit.ir.writer.FunctionWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code clif-util cat FILE...}: parses and prints the functions back in canonical CLIF text. */
@Command(name = "cat", description = "Parse CLIF files and print their functions.")
final class CatCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
        int status = 0;
        for (Path p : files) {
            try {
                TestFile tf = ClifParser.parseTestFile(Files.readString(p), p.toString());
                boolean first = true;
                for (ParsedFunction pf : tf.functions()) {
                    if (!first) System.out.println();
                    first = false;
                    System.out.print(FunctionWriter.write(pf.function()));
                }
            } catch (IOException e) {
                System.err.println("error: cannot read " + p + ": " + IoErrors.reason(e));
                status = 1;
            } catch (ParseError e) {
                System.err.println(e.getMessage());
                status = 1;
            }
        }
        return status;
    }
}
