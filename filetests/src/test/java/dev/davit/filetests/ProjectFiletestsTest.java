package dev.davit.filetests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The project's own filetests ({@code src/test/clif}: instruction selection checked with filecheck
 * directives, and precise-output blocks that {@code clif-util test --bless} rewrites). Unlike the
 * conformance suites these have no known-failure list: every file must pass.
 */
class ProjectFiletestsTest {
    @Test
    void everyProjectFiletestPasses() throws IOException {
        List<Path> files = FileTestRunner.collect(List.of(Path.of("src/test/clif")));
        assertFalse(files.isEmpty(), "no filetests under src/test/clif");
        List<String> failures = new ArrayList<>();
        for (FileResult r : new FileTestRunner(FileTestRunner.Options.defaults()).runAll(files, null)) {
            if (r.status() == FileResult.Status.FAIL) failures.add(r.line() + "\n" + r.reason());
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
