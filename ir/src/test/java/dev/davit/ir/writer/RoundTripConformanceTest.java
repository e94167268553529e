package dev.davit.ir.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.davit.ir.Function;
import dev.davit.ir.FunctionParameters;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.Conformance;
import dev.davit.ir.reader.ParseError;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.ir.reader.TestFile;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every function of every conformance file reads, prints, and reads back to a function that
 * prints the same text (a fixpoint), with the same canonical stencil bytes, name, signature and
 * parameters. None of the conformance files is meant to fail parsing (the verifier files'
 * {@code ; error:} lines are verifier errors), so every file must read.
 */
class RoundTripConformanceTest {
    @TestFactory
    Stream<DynamicTest> everyFileRoundTrips() {
        List<Path> files = Conformance.clifFiles();
        assertFalse(files.isEmpty(), "no conformance files under " + Conformance.root().toAbsolutePath());
        return files.stream().map(p -> DynamicTest.dynamicTest(Conformance.name(p), () -> roundTrip(p)));
    }

    static void roundTrip(Path p) {
        TestFile tf;
        try {
            tf = ClifParser.parseTestFile(Conformance.read(p), Conformance.name(p));
        } catch (ParseError e) {
            fail(e.getMessage());
            return;
        }
        for (ParsedFunction pf : tf.functions()) {
            Function f1 = pf.function();
            String s1 = FunctionWriter.write(f1);
            Function f2;
            try {
                f2 = ClifParser.parseFunction(s1);
            } catch (ParseError e) {
                fail("printed text does not read back: " + e.getMessage() + "\n" + s1);
                return;
            }
            String s2 = FunctionWriter.write(f2);
            assertEquals(s1, s2, "printing is not a fixpoint for " + f1.name().text());
            assertArrayEquals(f1.stencil().canonicalBytes(), f2.stencil().canonicalBytes(),
                    "canonical bytes differ for " + f1.name().text());
            assertEquals(f1.name(), f2.name());
            assertEquals(f1.signature(), f2.signature());
            assertParamsEqual(f1.params(), f2.params());
        }
    }

    static void assertParamsEqual(FunctionParameters a, FunctionParameters b) {
        assertEquals(a.numUserNames(), b.numUserNames(), "user names");
        for (int i = 0; i < a.numUserNames(); i++) assertEquals(a.userName(i), b.userName(i));
        assertEquals(a.baseSrcLoc(), b.baseSrcLoc(), "base source location");
    }
}
