package dev.davit.lower.aarch64.inst;

/**
 * The shift applied to the second register of a shifted-register operand, {@code Rm, <op> #amount}.
 * The amount must be below the operand size; that is checked where the size is known.
 */
public record AArch64Shift(AArch64ShiftOp op, int amount) {
    public AArch64Shift {
        if (amount < 0 || amount > 63) {
            throw new IllegalArgumentException("shift amount " + amount);
        }
    }

    public static AArch64Shift lsl(int amount) {
        return new AArch64Shift(AArch64ShiftOp.LSL, amount);
    }

    public static final AArch64Shift NONE = lsl(0);

    public boolean isNone() {
        return op == AArch64ShiftOp.LSL && amount == 0;
    }
}
