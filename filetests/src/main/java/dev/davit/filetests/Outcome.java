package dev.davit.filetests;

/** What one sub-test made of one function (or of a whole file). */
public sealed interface Outcome {
    record Pass() implements Outcome {}

    /** @param message why, with file:line where there is one */
    record Fail(String message) implements Outcome {}

    /** @param reason why the test could not run here (unsupported command, target the host cannot run) */
    record Skip(String reason) implements Outcome {}

    Outcome PASS = new Pass();

    static Outcome fail(String message) { return new Fail(message); }

    static Outcome skip(String reason) { return new Skip(reason); }
}
