package dev.davit.filetests;

import dev.davit.filetests.filecheck.CheckResult;
import dev.davit.filetests.filecheck.Checker;
import dev.davit.filetests.filecheck.FileCheckException;
import dev.davit.ir.reader.Comment;
import dev.davit.ir.reader.ParsedFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the filecheck directives in a function's comments against a sub-test's output. */
final class FileChecks {
    private FileChecks() {}

    /** The function's comment texts, in order, as filecheck directive candidates. */
    static List<String> commentTexts(ParsedFunction f) {
        List<Comment> cs = f.details().comments();
        List<String> out = new ArrayList<>(cs.size());
        for (Comment c : cs) out.add(c.text());
        return out;
    }

    /** Checks {@code output} against the directives; passes when there are none. */
    static Outcome check(TestContext ctx, ParsedFunction f, String output) {
        Checker checker;
        try {
            checker = Checker.parse(commentTexts(f));
        } catch (FileCheckException e) {
            return Outcome.fail(ctx.at(f.details().startLine(), "bad filecheck directive: " + e.getMessage()));
        }
        if (checker.isEmpty()) return Outcome.PASS;
        CheckResult r = checker.check(output, Map.of());
        if (r.passed()) return Outcome.PASS;
        return Outcome.fail(ctx.at(f.details().startLine(), "filecheck failed\n" + r.explanation()
                + "\n--- output ---\n" + output));
    }
}
