package dev.davit.ir.reader;

import dev.davit.ir.Function;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CLIF text (Cranelift's IR text format) into {@link Function}s. Every failure is a
 * {@link ParseError} with a position; nothing else escapes, whatever the input.
 */
public final class ClifParser {
    private ClifParser() {}

    /**
     * Parses a whole test file: {@code test} lines, {@code set}/{@code target} lines, then
     * functions with their comments and source positions.
     *
     * @param fileName used in error messages; may be null
     */
    public static TestFile parseTestFile(String text, String fileName) throws ParseError {
        Parser p = new Parser(text, fileName);
        try {
            return p.parseTestFile();
        } catch (ParseError e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A bug in the reader: still report it where the reader was, as the API promises.
            throw new ParseError(fileName, p.line(), p.column(), "internal error: " + e);
        }
    }

    /** Parses the functions of {@code text}, ignoring test commands and ISA lines. */
    public static List<Function> parseFunctions(String text) throws ParseError {
        TestFile f = parseTestFile(text, null);
        List<Function> out = new ArrayList<>(f.functions().size());
        for (ParsedFunction pf : f.functions()) out.add(pf.function());
        return out;
    }

    /** Parses text holding exactly one function. */
    public static Function parseFunction(String text) throws ParseError {
        TestFile f = parseTestFile(text, null);
        if (f.functions().size() != 1) {
            throw new ParseError(null, 1, 1, "expected exactly one function, found " + f.functions().size());
        }
        return f.functions().get(0).function();
    }
}
