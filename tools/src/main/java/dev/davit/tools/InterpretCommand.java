package dev.davit.tools;

import dev.davit.ir.Function;
import dev.davit.ir.interpreter.Interpreter;
import dev.davit.ir.interpreter.InterpreterException;
import dev.davit.ir.interpreter.RunLine;
import dev.davit.ir.interpreter.RunTests;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.Comment;
import dev.davit.ir.reader.ParseError;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.ir.reader.TestFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code clif-util interpret FILE...}: runs every {@code ; run:} line of every function in the
 * interpreter, whatever the file's {@code test} lines say, and prints each failing line with its
 * file:line, then one summary line per file.
 */
@Command(name = "interpret", description = "Run the '; run:' lines of CLIF files in the interpreter.")
final class InterpretCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
        int status = 0;
        for (Path p : files) {
            TestFile tf;
            try {
                tf = ClifParser.parseTestFile(Files.readString(p), p.toString());
            } catch (IOException e) {
                System.err.println("error: cannot read " + p + ": " + IoErrors.reason(e));
                status = 1;
                continue;
            } catch (ParseError e) {
                System.err.println(e.getMessage());
                status = 1;
                continue;
            }
            List<Function> all = new ArrayList<>();
            for (ParsedFunction pf : tf.functions()) all.add(pf.function());
            Interpreter interp = new Interpreter(all);
            int ran = 0, failed = 0;
            for (ParsedFunction pf : tf.functions()) {
                for (Comment c : pf.details().comments()) {
                    String callee = RunLine.calledFunction(c.text());
                    if (callee == null) continue;
                    ran++;
                    String problem;
                    Function target = interp.function(callee);
                    if (target == null) {
                        problem = "run line calls unknown function %" + callee;
                    } else {
                        try {
                            problem = RunTests.check(interp, RunLine.parse(c.text(), target.signature()));
                        } catch (IllegalArgumentException e) {
                            problem = "bad run line: " + e.getMessage();
                        } catch (InterpreterException e) {
                            problem = e.getMessage();
                        }
                    }
                    if (problem != null) {
                        failed++;
                        System.out.println(p + ":" + c.line() + ": " + problem);
                    }
                }
            }
            System.out.println((failed == 0 ? "OK " : "FAIL ") + p + ": " + (ran - failed) + " of " + ran + " run lines hold");
            if (failed > 0) status = 1;
        }
        return status;
    }
}
