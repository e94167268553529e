package dev.davit.ir.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.Signature;
import dev.davit.ir.UserFuncName;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code run:}/{@code print:} comment of the run-test conformance files reads against its
 * callee's signature, with as many arguments and expected values as the signature says. (A few
 * lines call a function the file does not define; those are skipped, as there is no signature.)
 */
class RunCommandConformanceTest {
    @TestFactory
    Stream<DynamicTest> everyRunLineReads() {
        return Conformance.clifFiles().stream()
                .filter(p -> Conformance.name(p).startsWith("runtests"))
                .map(p -> DynamicTest.dynamicTest(Conformance.name(p), () -> check(p)));
    }

    static void check(Path p) throws ParseError {
        TestFile tf = ClifParser.parseTestFile(Conformance.read(p), Conformance.name(p));
        Map<String, Signature> sigs = new HashMap<>();
        for (ParsedFunction pf : tf.functions()) {
            if (pf.function().name() instanceof UserFuncName.TestCase t) sigs.put(t.name(), pf.function().signature());
        }
        for (ParsedFunction pf : tf.functions()) {
            for (Comment c : pf.details().comments()) {
                if (!RunCommand.isRunCommand(c.text())) continue;
                String callee = RunCommand.calledFunction(c.text());
                Signature sig = callee == null ? pf.function().signature() : sigs.get(callee);
                if (sig == null) continue;
                RunCommand rc;
                try {
                    rc = RunCommand.parse(c.text(), c.line(), sig);
                } catch (ParseError e) {
                    throw e.withFileName(Conformance.name(p));
                }
                assertNotNull(rc, c.text());
                assertEquals(sig.params().size(), rc.args().size(), c.text());
                if (rc.kind() == RunCommand.Kind.RUN) assertEquals(sig.returns().size(), rc.expected().size(), c.text());
                for (int i = 0; i < rc.args().size(); i++) assertEquals(sig.params().get(i).type(), rc.args().get(i).type());
                assertTrue(c.line() > 0);
            }
        }
    }
}
