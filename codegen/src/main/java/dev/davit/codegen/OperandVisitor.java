package dev.davit.codegen;

/**
 * Visits the register operands of one machine instruction, in a fixed order per instruction
 * form, and lets the visitor substitute each one.
 *
 * <p>An instruction record calls {@link #operand} once per register operand (registers inside
 * addressing modes included, as early uses) and builds its result from the returned values. A
 * collecting visitor (the register allocator reading operands) returns each register unchanged and
 * answers {@code false} to {@link #rewrites()}, so the instruction does not allocate a copy; an
 * allocation-applying visitor returns the allocated register (as a pinned Reg) for the n-th operand
 * and answers {@code true}. Because both go through the same code, the operand order seen when
 * collecting is exactly the order in which allocations are applied.
 *
 * <p>Operands whose register is already physical (e.g. {@code rsp} as a base) are visited too;
 * the allocator decides whether to treat them as fixed non-allocatable registers.
 */
public interface OperandVisitor {
    /**
     * One register operand.
     *
     * @param reg        the Reg (see {@link Reg})
     * @param kind       {@link Operand#USE} or {@link Operand#DEF}
     * @param pos        {@link Operand#EARLY} or {@link Operand#LATE}
     * @param constraint see {@link Operand}
     * @return the Reg the instruction should hold from now on
     */
    int operand(int reg, int kind, int pos, int constraint);

    /** Whether the instruction should rebuild itself with the returned registers. */
    default boolean rewrites() {
        return false;
    }

    /**
     * Physical registers the instruction overwrites without naming them as defs (calls). One bit
     * mask per register class, bit {@code hwEnc}.
     */
    default void clobbers(long intMask, long floatMask, long vectorMask) {}

    default int use(int reg) {
        return operand(reg, Operand.USE, Operand.EARLY, Operand.REG);
    }

    /** A use that must stay live until the instruction's defs are written. */
    default int lateUse(int reg) {
        return operand(reg, Operand.USE, Operand.LATE, Operand.REG);
    }

    default int def(int reg) {
        return operand(reg, Operand.DEF, Operand.LATE, Operand.REG);
    }

    default int earlyDef(int reg) {
        return operand(reg, Operand.DEF, Operand.EARLY, Operand.REG);
    }

    default int fixedUse(int reg, int preg) {
        return operand(reg, Operand.USE, Operand.EARLY, Operand.fixed(preg));
    }

    default int fixedDef(int reg, int preg) {
        return operand(reg, Operand.DEF, Operand.LATE, Operand.fixed(preg));
    }

    default int reuseDef(int reg, int useIndex) {
        return operand(reg, Operand.DEF, Operand.LATE, Operand.reuse(useIndex));
    }

    /**
     * Visits {@code regs[i]} as a use fixed to {@code pregs[i]}, in order (call arguments, returned
     * values); the result is a fresh array when rewriting, else {@code regs} itself.
     */
    default int[] fixedUses(int[] regs, int[] pregs) {
        int[] out = rewrites() ? new int[regs.length] : regs;
        for (int i = 0; i < regs.length; i++) {
            int r = fixedUse(regs[i], pregs[i]);
            if (out != regs) out[i] = r;
        }
        return out;
    }

    /** As {@link #fixedUses}, for defs fixed to {@code pregs[i]} (call results, incoming arguments). */
    default int[] fixedDefs(int[] regs, int[] pregs) {
        int[] out = rewrites() ? new int[regs.length] : regs;
        for (int i = 0; i < regs.length; i++) {
            int r = fixedDef(regs[i], pregs[i]);
            if (out != regs) out[i] = r;
        }
        return out;
    }
}
