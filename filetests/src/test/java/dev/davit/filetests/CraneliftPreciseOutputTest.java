package dev.davit.filetests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A precise-output block printed by Cranelift ("VCode:") cannot be compared with our text: the file
 * is skipped once the function compiles, and still fails when it does not.
 */
class CraneliftPreciseOutputTest {
    @TempDir Path dir;

    private FileResult run(String body) throws IOException {
        Path p = dir.resolve("f.clif");
        Files.writeString(p, "test compile precise-output\ntarget x86_64\n\n" + body);
        return new FileTestRunner(FileTestRunner.Options.defaults()).runFile(p);
    }

    @Test
    void aCompilingFunctionWithCraneliftsTextIsSkipped() throws IOException {
        FileResult r = run("""
                function %f(i64) -> i64 {
                block0(v0: i64):
                    return v0
                }

                ; VCode:
                ;   pushq %rbp
                """);
        assertEquals(FileResult.Status.SKIP, r.status(), r.reason());
        assertTrue(r.reason().contains("Cranelift's VCode text"), r.reason());
    }

    @Test
    void aFunctionThatDoesNotCompileStillFails() throws IOException {
        FileResult r = run("""
                function %f(f16) -> f16 {
                block0(v0: f16):
                    return v0
                }

                ; VCode:
                ;   pushq %rbp
                """);
        assertEquals(FileResult.Status.FAIL, r.status(), r.reason());
    }

    @Test
    void ourOwnTextIsStillCompared() throws IOException {
        FileResult r = run("""
                function %f(i64) -> i64 {
                block0(v0: i64):
                    return v0
                }

                ; block0:
                ;   not what we print
                """);
        assertEquals(FileResult.Status.FAIL, r.status(), r.reason());
    }
}
