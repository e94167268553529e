package dev.davit.ir.reader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The conformance files, read in place (never copied into the repository): from the system
 * property {@code davit.conformance}, else {@code ../../shared/conformance} from the module.
 */
public final class Conformance {
    private Conformance() {}

    public static Path root() {
        String p = System.getProperty("davit.conformance");
        return Path.of(p != null && !p.isBlank() ? p : "../../shared/conformance");
    }

    /** Every {@code .clif} file under {@code clif/}, sorted; empty if the directory is missing. */
    public static List<Path> clifFiles() {
        Path dir = root().resolve("clif");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".clif")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's name relative to {@code clif/}. */
    public static String name(Path p) {
        return root().resolve("clif").relativize(p).toString();
    }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
