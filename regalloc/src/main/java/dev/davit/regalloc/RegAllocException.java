package dev.davit.regalloc;

/** The input breaks a rule of {@link RegFunction}, or the constraints cannot be satisfied. */
public final class RegAllocException extends RuntimeException {
    public RegAllocException(String message) {
        super(message);
    }
}
