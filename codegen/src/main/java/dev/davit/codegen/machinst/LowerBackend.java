package dev.davit.codegen.machinst;

/**
 * The ISA-specific half of lowering: the instruction selector (the ISLE-generated rules behind a
 * small adapter) and the ABI glue at function entry. {@link Lower} calls it for every instruction it
 * decides to lower; it emits machine instructions through the {@link Lower} it is given.
 */
public interface LowerBackend<I> {
    /**
     * Lowers one non-branch instruction: emits its machine instructions and binds each result with
     * {@link Lower#setResult}. Returns false when no rule matches (the opcode or type is unsupported).
     */
    boolean lower(Lower<I> ctx, int inst);

    /**
     * Lowers a block terminator; {@code targets[k]} is the machine block for its k-th destination
     * (block arguments are handled by the driver, not the backend).
     */
    boolean lowerBranch(Lower<I> ctx, int inst, int[] targets);

    /**
     * Emits, at the start of the entry block, the instruction that defines the function's parameters:
     * {@code paramRegs[i]} (vregs; two per i128) receive the incoming arguments per the ABI.
     */
    void genArgs(Lower<I> ctx, int[] paramRegs);

    /** Register class of a value of type {@code type} (Reg.INT, Reg.FLOAT, ...). */
    int regClass(dev.davit.ir.Type type);

    /**
     * Whether values of {@code type} are lowered at all; an instruction refused on a type that is
     * not is reported as that type being unsupported, rather than the instruction.
     */
    default boolean supportsType(dev.davit.ir.Type type) { return type.isInt(); }

    /** Number of registers a value of {@code type} occupies (2 for i128 on 64-bit targets). */
    default int numRegs(dev.davit.ir.Type type) { return type.bits() > 64 && !type.isVector() && !type.isFloat() ? 2 : 1; }
}
