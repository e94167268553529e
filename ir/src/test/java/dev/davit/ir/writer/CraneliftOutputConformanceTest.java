package dev.davit.ir.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.davit.ir.Function;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.Conformance;
import dev.davit.ir.reader.ParseError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code precise-output} conformance files end each function with Cranelift's own printout of
 * the optimized function, as {@code ;} comments. Those printouts are real {@code write_function}
 * output, so reading one and printing it must give it back character for character: this pins the
 * writer to Cranelift's layout (indentation, type suffixes, constant annotations, flag order...).
 */
class CraneliftOutputConformanceTest {
    @TestFactory
    Stream<DynamicTest> craneliftPrintoutsReprintExactly() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : Conformance.clifFiles()) {
            String text = Conformance.read(p);
            if (!text.lines().anyMatch(l -> l.startsWith("test ") && l.contains("precise-output"))) continue;
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("; function ")) continue;
                StringBuilder sb = new StringBuilder();
                int j = i;
                for (; j < lines.size() && lines.get(j).startsWith(";"); j++) {
                    String l = lines.get(j);
                    String body = l.equals(";") ? "" : l.startsWith("; ") ? l.substring(2) : l.substring(1);
                    sb.append(body).append('\n');
                    if (body.equals("}")) break;
                }
                String expected = sb.toString();
                tests.add(DynamicTest.dynamicTest(Conformance.name(p) + ":" + (i + 1), () -> {
                    Function f;
                    try {
                        f = ClifParser.parseFunction(expected);
                    } catch (ParseError e) {
                        fail(e.getMessage() + "\n" + expected);
                        return;
                    }
                    assertEquals(expected, FunctionWriter.write(f));
                }));
                i = j;
            }
        }
        return tests.stream();
    }
}
