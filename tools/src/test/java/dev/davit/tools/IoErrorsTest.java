package dev.davit.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorsTest {
    @TempDir Path dir;

    private static String readFailure(Path p) {
        try {
            Files.readString(p);
            return "read";
        } catch (IOException e) {
            return IoErrors.reason(e);
        }
    }

    @Test
    void saysWhyAFileCouldNotBeRead() throws IOException {
        assertEquals("no such file", readFailure(dir.resolve("missing.clif")));
        Path binary = dir.resolve("binary.clif");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertEquals("not UTF-8 text", readFailure(binary));
        assertEquals("read", readFailure(Files.writeString(dir.resolve("ok.clif"), "function %f() {}")));
    }
}
