package dev.davit.jit;

/** Failure to map, link or call machine code (not a trap inside it: those are not exceptions). */
public class JitException extends RuntimeException {
    public JitException(String message) { super(message); }

    public JitException(String message, Throwable cause) { super(message, cause); }
}
