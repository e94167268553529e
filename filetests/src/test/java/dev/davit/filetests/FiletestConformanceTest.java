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
import org.junit.jupiter.api.Test;

/**
 * The whole of {@code ../shared/conformance/clif/} through the filetest runner, as
 * {@code clif-util test} runs it. Failures must be exactly the files listed in
 * {@code known-failures/filetests.txt}: a new failure fails the test, and so does a listed file
 * that passes now, so the list only shrinks.
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

    @Test
    void everyConformanceFileFailsOnlyIfListed() throws IOException {
        Path root = conformanceRoot().resolve("clif");
        Assumptions.assumeTrue(Files.isDirectory(root), "no conformance files at " + root);
        List<Path> files = FileTestRunner.collect(List.of(root));
        List<FileResult> results = new FileTestRunner(FileTestRunner.Options.defaults()).runAll(files, null);
        Set<String> known = knownFailures("/known-failures/filetests.txt");
        List<String> unexpected = new ArrayList<>(), fixed = new ArrayList<>();
        int[] counts = new int[3];
        Set<String> failed = new LinkedHashSet<>();
        for (FileResult r : results) {
            counts[r.status().ordinal()]++;
            String rel = root.relativize(r.path()).toString();
            if (r.status() == FileResult.Status.FAIL) {
                failed.add(rel);
                if (!known.contains(rel)) unexpected.add(r.line());
            }
        }
        for (String k : known) if (!failed.contains(k)) fixed.add(k);
        System.out.printf("filetest conformance: %d passed, %d failed, %d skipped of %d files%n",
                counts[0], counts[1], counts[2], results.size());
        assertTrue(unexpected.isEmpty() && fixed.isEmpty(),
                "new failures (fix, or list in known-failures/filetests.txt):\n  " + String.join("\n  ", unexpected)
                        + "\nlisted as failing but passing now (remove from the list):\n  " + String.join("\n  ", fixed));
    }
}
