package dev.davit.ir.interpreter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.Function;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every Cranelift runtest file with {@code test interpret}, read in place from the conformance
 * directory (system property {@code davit.conformance}): every {@code ; run:} line of every
 * function must hold. Files that do not are listed in {@code known-failures/interpret.txt}; the
 * test fails on a failure not listed and on a listed file that now passes, so the list stays exact.
 *
 * <p>The reader ({@code dev.davit.ir.reader.ClifParser}) is reached reflectively so this module
 * builds while the reader is being written; the test is skipped until it exists.
 */
class InterpretConformanceTest {
    static Path conformanceRoot() {
        String p = System.getProperty("davit.conformance");
        return Path.of(p != null && !p.isBlank() ? p : "../../shared/conformance");
    }

    static Set<String> knownFailures() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        try (InputStream in = InterpretConformanceTest.class.getResourceAsStream("/known-failures/interpret.txt")) {
            if (in == null) return out;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int hash = line.indexOf('#');
                String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!s.isEmpty()) out.add(s);
            }
        }
        return out;
    }

    @Test
    void runtests() throws Exception {
        Path dir = conformanceRoot().resolve("clif/runtests");
        Assumptions.assumeTrue(Files.isDirectory(dir), "no conformance files at " + dir);
        Method parse;
        try {
            parse = Class.forName("dev.davit.ir.reader.ClifParser").getMethod("parseTestFile", String.class, String.class);
        } catch (ClassNotFoundException e) {
            Assumptions.abort("the CLIF reader (dev.davit.ir.reader.ClifParser) is not there yet");
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".clif")).sorted().toList();
        }
        TreeMap<String, String> failures = new TreeMap<>();
        int total = 0, lines = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            if (!text.lines().anyMatch(l -> l.trim().equals("test interpret"))) continue;
            total++;
            String rel = dir.relativize(file).toString();
            try {
                lines += runFile(parse, text, rel);
            } catch (AssertionError | Exception e) {
                Throwable c = e instanceof InvocationTargetException ite ? ite.getCause() : e;
                failures.put(rel, String.valueOf(c.getMessage() == null ? c.toString() : c.getMessage()).lines().findFirst().orElse(""));
            }
        }
        Set<String> known = knownFailures();
        List<String> unexpected = new ArrayList<>(), fixed = new ArrayList<>();
        failures.forEach((f, why) -> { if (!known.contains(f)) unexpected.add(f + ": " + why); });
        for (String k : known) if (!failures.containsKey(k)) fixed.add(k);
        System.out.printf("interpret conformance: %d of %d files pass (%d run lines checked), %d known failures%n",
                total - failures.size(), total, lines, failures.size());
        assertTrue(unexpected.isEmpty() && fixed.isEmpty(),
                "new failures (fix, or list in known-failures/interpret.txt):\n  " + String.join("\n  ", unexpected)
                        + "\nlisted as failing but passing now (remove from the list):\n  " + String.join("\n  ", fixed));
    }

    /** Runs all run lines of one file; returns how many; throws with the first failure. */
    private static int runFile(Method parse, String text, String name) throws Exception {
        Object testFile = parse.invoke(null, text, name);
        List<?> parsed = (List<?>) call(testFile, "functions");
        List<Function> functions = new ArrayList<>();
        List<List<?>> comments = new ArrayList<>();
        for (Object pf : parsed) {
            functions.add((Function) call(pf, "function"));
            comments.add((List<?>) call(call(pf, "details"), "comments"));
        }
        Interpreter interp = new Interpreter(functions);
        int n = 0;
        for (List<?> cs : comments) {
            for (Object c : cs) {
                String t = (String) call(c, "text");
                String callee = RunLine.calledFunction(t);
                if (callee == null) continue;
                Function f = interp.function(callee);
                if (f == null) throw new AssertionError("line " + call(c, "line") + ": no function %" + callee);
                RunLine line = RunLine.parse(t, f.signature());
                String failure = RunTests.check(interp, line);
                n++;
                if (failure != null) throw new AssertionError("line " + call(c, "line") + ": " + failure);
            }
        }
        return n;
    }

    private static Object call(Object target, String accessor) throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(accessor);
        m.setAccessible(true);
        return m.invoke(target);
    }
}
