package dev.davit.filetests;

import java.nio.file.Path;

/**
 * The outcome of one filetest file.
 *
 * @param path   the file
 * @param status pass, fail or skip
 * @param reason first failure or skip reason; empty on pass
 * @param nanos  wall time spent on the file
 */
public record FileResult(Path path, Status status, String reason, long nanos) {
    public enum Status { PASS, FAIL, SKIP }

    /** One line as {@code clif-util test} prints it. */
    public String line() {
        return switch (status) {
            case PASS -> "PASS " + path;
            case FAIL -> "FAIL " + path + ": " + firstLine(reason);
            case SKIP -> "SKIP " + path + ": " + firstLine(reason);
        };
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
