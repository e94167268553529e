package dev.davit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clif-util run}: run lines checked against machine code for the host, and its argument errors. */
class RunCommandTest {
    private static final String ADD = """
            test interpret
            target riscv64

            function %add(i32, i32) -> i32 {
            block0(v0: i32, v1: i32):
                v2 = iadd v0, v1
                return v2
            }
            """;

    @TempDir Path dir;

    private record Result(int code, String out, String err) {}

    private static Result clifUtil(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ClifUtil.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path file(String text) throws IOException {
        Path p = dir.resolve("f.clif");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void runsEveryRunLineOnTheHostWhateverTheFilesTargetLinesSay() throws IOException {
        Path p = file(ADD + "; run: %add(1, 2) == 3\n; run: %add(-1, 1) == 0\n");
        Result r = clifUtil("run", p.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASS"), r.out());
    }

    @Test
    void aWrongExpectationFailsWithTheActualValue() throws IOException {
        Path p = file(ADD + "; run: %add(1, 1) == 3\n");
        Result r = clifUtil("run", p.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("f.clif:9:") && r.out().contains("actual: 2"), r.out());
    }

    @Test
    void anUnknownTargetIsAnArgumentError() throws IOException {
        Path p = file(ADD + "; run: %add(1, 2) == 3\n");
        Result r = clifUtil("run", "--target", "sparc", p.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no backend for target 'sparc'"), r.err());
    }

    @Test
    void anUnknownSettingIsAnArgumentError() throws IOException {
        Path p = file(ADD + "; run: %add(1, 2) == 3\n");
        Result r = clifUtil("run", "--set", "opt_level=fastest", p.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --set:"), r.err());
    }
}
