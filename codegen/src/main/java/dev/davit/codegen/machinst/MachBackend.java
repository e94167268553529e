package dev.davit.codegen.machinst;

import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.regalloc.MachineEnv;

/**
 * Everything of one ISA the shared compile pipeline ({@link MachCompiler}) needs: instruction facts,
 * the instruction selector, the allocatable registers, and emission of a register-allocated function
 * (prologue, blocks, epilogues) into machine code.
 */
public interface MachBackend<I> {
    MachInstInfo<I> info();

    LowerBackend<I> lowering();

    MachineEnv machineEnv();

    /**
     * Emits the function: the prologue, then block {@code b} at label {@code b}, returns with their
     * epilogues. Returns the finished buffer and reports the frame size through the result.
     */
    Emitted emit(FinalCode<I> code);

    /** Emitted code and the size of the frame it set up. */
    record Emitted(MachBufferFinalized buffer, int frameSize) {}
}
