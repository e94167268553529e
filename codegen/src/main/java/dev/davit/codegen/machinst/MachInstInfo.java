package dev.davit.codegen.machinst;

import dev.davit.codegen.OperandVisitor;

/**
 * What the shared pipeline needs to know of one backend's instruction type {@code I} (a sealed
 * interface of records, e.g. {@code X64Inst}): its register operands, its control flow, and how to
 * make the moves, spills and reloads the register allocator asks for. Rust writes this as the
 * {@code MachInst} trait on the instruction enum; here it is a separate object because records of a
 * sealed interface cannot share an implementation of generic behaviour.
 */
public interface MachInstInfo<I> {
    /**
     * Visits the register operands in the instruction's fixed order; returns the instruction rebuilt
     * with the visitor's registers when the visitor rewrites, else {@code inst}.
     */
    I visitOperands(I inst, OperandVisitor v);

    /** A return: ends the function. */
    boolean isRet(I inst);

    /** A branch ending a block (not a return). */
    boolean isBranch(I inst);

    /** A register-to-register copy, operand 0 the source and 1 the destination, that may be coalesced. */
    boolean isMove(I inst);

    /** {@code dst = src}, both Regs of class {@code cls}, whole register width. */
    I genMove(int dst, int src, int cls);

    /** Stores {@code src} (a physical Reg) of class {@code cls} to spill slot {@code slot}. */
    I genSpill(int slot, int src, int cls);

    /** Loads spill slot {@code slot} into {@code dst} (a physical Reg) of class {@code cls}. */
    I genReload(int dst, int slot, int cls);

    /** An unconditional jump to machine block {@code target} (for split edges). */
    I genJump(int target);

    /** Text of one instruction, for VCode printing. */
    String print(I inst);
}
