package dev.davit.filetests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole of {@code ../shared/conformance/clif/} through the filetest runner, as
 * {@code clif-util test} runs it, per suite and target. Failures must be exactly the files listed
 * in that case's {@code known-failures/*.txt}: a new failure fails the test, and so does a listed
 * file that passes now, so the lists only shrink.
 */
class FiletestConformanceTest {
    static Path conformanceRoot() {
        String p = System.getProperty("davit.conformance");
        return Path.of(p != null && !p.isBlank() ? p : "../../shared/conformance");
    }

    static Set<String> knownFailures(String resource) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        try (InputStream in = FiletestConformanceTest.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing resource " + resource);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int hash = line.indexOf('#');
                String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!s.isEmpty()) out.add(s);
            }
        }
        return out;
    }

    /**
     * One suite and target per case: the IR suites with every target-independent test, and the
     * runtests per execution target (the interpreter, and each backend). Each has its own list. The
     * backends also run every file at {@code opt_level=speed}, against the same list: what compiles
     * and runs must do so at every level, with the same results.
     */
    @ParameterizedTest(name = "{0} {1} {3}")
    @CsvSource({
            "ir-suites, , filetests.txt, ",
            "runtests, interpret, runtests-interpret.txt, ",
            "runtests, x86_64, runtests-x86_64.txt, ",
            "runtests, x86_64, runtests-x86_64.txt, opt_level=speed",
            "runtests, aarch64, runtests-aarch64.txt, ",
            "runtests, aarch64, runtests-aarch64.txt, opt_level=speed"})
    void everyConformanceFileFailsOnlyIfListed(String suite, String target, String listName, String setting)
            throws IOException {
        Path clif = conformanceRoot().resolve("clif");
        Assumptions.assumeTrue(Files.isDirectory(clif), "no conformance files at " + clif);
        List<Path> roots = new ArrayList<>();
        if (suite.equals("runtests")) {
            roots.add(clif.resolve("runtests"));
        } else {
            try (var s = Files.list(clif)) {
                s.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().equals("runtests")).sorted().forEach(roots::add);
            }
        }
        List<Path> files = FileTestRunner.collect(roots);
        List<FileResult> results = new FileTestRunner(FileTestRunner.Options.defaults().withTarget(target)
                .withSettings(setting == null ? List.of() : List.of(setting))).runAll(files, null);
        Set<String> known = knownFailures("/known-failures/" + listName);
        List<String> unexpected = new ArrayList<>(), fixed = new ArrayList<>();
        int[] counts = new int[3];
        Set<String> failed = new LinkedHashSet<>(), skipped = new LinkedHashSet<>();
        for (FileResult r : results) {
            counts[r.status().ordinal()]++;
            String rel = clif.relativize(r.path()).toString();
            if (r.status() == FileResult.Status.FAIL) {
                failed.add(rel);
                if (!known.contains(rel)) unexpected.add(r.line());
            } else if (r.status() == FileResult.Status.SKIP) {
                skipped.add(rel);
            }
        }
        // A listed file that was skipped (the target cannot run here) has not shown that it passes.
        for (String k : known) if (!failed.contains(k) && !skipped.contains(k)) fixed.add(k);
        System.out.printf("filetest conformance %s%s%s: %d passed, %d failed, %d skipped of %d files%n", suite,
                target == null ? "" : " --target " + target, setting == null ? "" : " --set " + setting, counts[0], counts[1], counts[2], results.size());
        assertTrue(unexpected.isEmpty() && fixed.isEmpty(),
                "new failures (fix, or list in known-failures/" + listName + "):\n  " + String.join("\n  ", unexpected)
                        + "\nlisted as failing but passing now (remove from the list):\n  " + String.join("\n  ", fixed));
    }
}
