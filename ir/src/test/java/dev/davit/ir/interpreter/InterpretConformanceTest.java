package dev.davit.ir.interpreter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.Function;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.Comment;
import dev.davit.ir.reader.ParseError;
import dev.davit.ir.reader.ParsedFunction;
import java.io.IOException;
import java.io.InputStream;
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
                lines += runFile(text, rel);
            } catch (AssertionError | Exception e) {
                failures.put(rel, String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage()).lines().findFirst().orElse(""));
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
    private static int runFile(String text, String name) throws ParseError {
        List<ParsedFunction> parsed = ClifParser.parseTestFile(text, name).functions();
        List<Function> functions = new ArrayList<>();
        for (ParsedFunction pf : parsed) functions.add(pf.function());
        Interpreter interp = new Interpreter(functions);
        int n = 0;
        for (ParsedFunction pf : parsed) {
            for (Comment c : pf.details().comments()) {
                String callee = RunLine.calledFunction(c.text());
                if (callee == null) continue;
                Function f = interp.function(callee);
                if (f == null) throw new AssertionError("line " + c.line() + ": no function %" + callee);
                String failure = RunTests.check(interp, RunLine.parse(c.text(), f.signature()));
                n++;
                if (failure != null) throw new AssertionError("line " + c.line() + ": " + failure);
            }
        }
        return n;
    }
}
