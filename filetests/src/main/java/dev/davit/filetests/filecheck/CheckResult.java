package dev.davit.filetests.filecheck;

/**
 * The outcome of matching directives against a text.
 *
 * @param passed      whether every directive held
 * @param explanation for a failure, which directive failed and where; empty on success
 */
public record CheckResult(boolean passed, String explanation) {
    static final CheckResult OK = new CheckResult(true, "");

    static CheckResult fail(String explanation) { return new CheckResult(false, explanation); }
}
