package dev.davit.ir.reader;

import java.util.List;

/**
 * A {@code set} or {@code target} line, its words kept as written ({@code target x86_64 has_sse41}
 * has kind {@code target} and words {@code [x86_64, has_sse41]}). The reader does not check ISA
 * names or flags; the code that builds targets does.
 *
 * @param kind {@code "set"} or {@code "target"}
 * @param line 1-based line of the keyword
 */
public record IsaLine(String kind, List<String> words, int line) {
    public IsaLine {
        words = List.copyOf(words);
    }
}
