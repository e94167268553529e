package dev.davit.ir.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The literal subset of Cranelift's filecheck that the print-cfg and domtree conformance files
 * use: {@code check:} (match after the previous match), {@code sameln:} (on the same line),
 * {@code nextln:} (on the next line) and {@code unordered:} (anywhere before the next ordered
 * match). The filetests module has the full implementation; the ir module cannot depend on it.
 */
public final class MiniFileCheck {
    private MiniFileCheck() {}

    /** A directive's kind and its pattern, or null if {@code comment} is not a directive. */
    public record Directive(String kind, String pattern) {}

    /** Parses {@code ; kind: pattern}, as Cranelift's {@code match_directive}. */
    public static Directive parse(String comment) {
        String c = comment;
        int i = 0;
        while (i < c.length() && c.charAt(i) == ';') i++;
        c = c.substring(i).stripLeading();
        for (String kind : new String[] {"check", "sameln", "nextln", "unordered", "not", "regex"}) {
            if (c.startsWith(kind + ":")) return new Directive(kind, c.substring(kind.length() + 1).strip());
        }
        return null;
    }

    /** Null if {@code text} satisfies the directives, else a description of the first failure. */
    public static String check(String text, List<Directive> directives) {
        int pos = 0; // end of the previous ordered match
        int lineStart = 0; // start of the line the previous match ended on
        List<String> unordered = new ArrayList<>();
        int unorderedFrom = 0;
        for (Directive d : directives) {
            switch (d.kind()) {
                case "unordered" -> unordered.add(d.pattern());
                case "check", "sameln", "nextln" -> {
                    int from = pos;
                    int limit = text.length();
                    if (d.kind().equals("sameln")) {
                        int eol = text.indexOf('\n', pos);
                        limit = eol < 0 ? text.length() : eol;
                    } else if (d.kind().equals("nextln")) {
                        int eol = text.indexOf('\n', pos);
                        if (eol < 0) return "no line after the previous match for nextln: " + d.pattern();
                        from = eol + 1;
                        int eol2 = text.indexOf('\n', from);
                        limit = eol2 < 0 ? text.length() : eol2;
                    }
                    int at = text.indexOf(d.pattern(), from);
                    if (at < 0 || at + d.pattern().length() > limit)
                        return d.kind() + ": " + d.pattern() + " not found after offset " + from + " in:\n" + text;
                    String err = checkUnordered(text, unordered, unorderedFrom, at);
                    if (err != null) return err;
                    unordered.clear();
                    pos = at + d.pattern().length();
                    unorderedFrom = pos;
                    lineStart = text.lastIndexOf('\n', pos - 1) + 1;
                }
                default -> { /* not:, regex: are not used by these files */ }
            }
        }
        return checkUnordered(text, unordered, unorderedFrom, text.length());
    }

    private static String checkUnordered(String text, List<String> patterns, int from, int to) {
        for (String p : patterns) {
            int at = text.indexOf(p, from);
            if (at < 0 || at + p.length() > to) return "unordered: " + p + " not found in:\n" + text;
        }
        return null;
    }
}
