package dev.davit.lower.x64.lower;

import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;
import dev.davit.codegen.machinst.MachInstInfo;
import dev.davit.lower.x64.inst.X64Amode;
import dev.davit.lower.x64.inst.X64Inst;
import dev.davit.lower.x64.inst.X64Printer;
import dev.davit.lower.x64.inst.X64RegMem;
import dev.davit.lower.x64.inst.X64Regs;
import dev.davit.lower.x64.inst.X64SseOp;
import dev.davit.lower.x64.inst.X64Size;

/**
 * What the shared pipeline needs to know of {@link X64Inst}. Spill slots are 8-byte slots addressed
 * symbolically ({@link X64Amode.SpillSlot}); the frame layout, known after allocation, places them
 * ({@code X64Frame.resolve}). {@code spillBase} is kept for compatibility and unused.
 */
public final class X64MachInstInfo implements MachInstInfo<X64Inst> {
    private final int spillBase;
    private final X64Printer printer = new X64Printer();

    public X64MachInstInfo(int spillBase) {
        this.spillBase = spillBase;
    }

    public X64MachInstInfo() {
        this(0);
    }

    @Override
    public X64Inst visitOperands(X64Inst inst, OperandVisitor v) {
        return inst.visitOperands(v);
    }

    /** Returns, tail calls and traps, which end the function: nothing is live after them. */
    @Override
    public boolean isRet(X64Inst inst) {
        return inst instanceof X64Inst.Ret || inst instanceof X64Inst.Ud2 || inst instanceof X64Inst.ReturnCallKnown
                || inst instanceof X64Inst.ReturnCallUnknown;
    }

    @Override
    public boolean isBranch(X64Inst inst) {
        return inst instanceof X64Inst.Jmp || inst instanceof X64Inst.JmpCond || inst instanceof X64Inst.JmpTableSeq
                || inst instanceof X64Inst.JmpUnknown;
    }

    @Override
    public boolean isMove(X64Inst inst) {
        return inst.isMove();
    }

    @Override
    public X64Inst genMove(int dst, int src, int cls) {
        if (cls == Reg.FLOAT) return new X64Inst.XmmUnary(X64SseOp.MOVAPS, new X64RegMem.Reg(src), dst);
        checkInt(cls);
        return new X64Inst.MovRR(X64Size.S64, src, dst);
    }

    /** XMMs hold scalars only (f32, f64) so far: their low 8 bytes fit the 8-byte slot. */
    @Override
    public X64Inst genSpill(int slot, int src, int cls) {
        if (cls == Reg.FLOAT) return new X64Inst.XmmStore(X64SseOp.MOVSD, src, slotAddr(slot));
        checkInt(cls);
        return new X64Inst.Store(X64Size.S64, src, slotAddr(slot));
    }

    @Override
    public X64Inst genReload(int dst, int slot, int cls) {
        if (cls == Reg.FLOAT) return new X64Inst.XmmUnary(X64SseOp.MOVSD, new X64RegMem.Mem(slotAddr(slot)), dst);
        checkInt(cls);
        return new X64Inst.Load(X64Size.S64, slotAddr(slot), dst);
    }

    /** Symbolic: the frame layout, known only after allocation, places the spill area (see X64Frame). */
    private X64Amode slotAddr(int slot) {
        return new X64Amode.SpillSlot(slot);
    }

    private static void checkInt(int cls) {
        if (cls != Reg.INT) {
            throw new IllegalArgumentException("register class " + cls + " has no moves yet");
        }
    }

    @Override
    public X64Inst genJump(int target) {
        return new X64Inst.Jmp(target);
    }

    @Override
    public String print(X64Inst inst) {
        return printer.print(inst);
    }
}
