package dev.davit.codegen.machinst;

import dev.davit.codegen.Reg;

/**
 * A function after register allocation, ready for emission: machine instructions on physical
 * registers with the allocator's moves, spills and reloads inserted, blocks in layout order.
 *
 * @param insts          the instructions, flat
 * @param blockStart     block {@code b} is {@code [blockStart[b], blockStart[b+1])}
 * @param numSpillSlots  spill slots the allocator used (one register-sized value each)
 * @param usedRegs       every physical register written or read, one bit mask per class (bit hwEnc),
 *                       so the ABI can save the callee-saved ones among them
 */
public record FinalCode<I>(Object[] insts, int[] blockStart, int numSpillSlots, long[] usedRegs) {
    public int numBlocks() { return blockStart.length - 1; }

    @SuppressWarnings("unchecked")
    public I inst(int i) { return (I) insts[i]; }

    /** Whether physical register {@code preg} is used. */
    public boolean uses(int preg) { return (usedRegs[Reg.pregClass(preg)] >>> Reg.pregHwEnc(preg) & 1) != 0; }
}
