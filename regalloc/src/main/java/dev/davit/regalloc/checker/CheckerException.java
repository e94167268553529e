package dev.davit.regalloc.checker;

/** An allocation error found by {@link Checker}: the instruction and operand (or -1) and why. */
public final class CheckerException extends RuntimeException {
    public final int inst;
    public final int operand;

    public CheckerException(int inst, int operand, String message) {
        super(message);
        this.inst = inst;
        this.operand = operand;
    }
}
