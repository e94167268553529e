package dev.davit.lower.aarch64.lower;

import dev.davit.codegen.OperandVisitor;
import dev.davit.codegen.Reg;
import dev.davit.codegen.machinst.MachInstInfo;
import dev.davit.lower.aarch64.inst.AArch64Amode;
import dev.davit.lower.aarch64.inst.AArch64Inst;
import dev.davit.lower.aarch64.inst.AArch64MemOp;
import dev.davit.lower.aarch64.inst.AArch64Printer;
import dev.davit.lower.aarch64.inst.AArch64Size;

/**
 * What the shared pipeline needs to know of {@link AArch64Inst}. Spill slots are 8-byte slots (an x
 * or a d register)
 * addressed symbolically ({@link AArch64Amode.SpillSlot}); the frame, laid out after allocation,
 * places them ({@code AArch64Frame.emit}).
 */
public final class AArch64MachInstInfo implements MachInstInfo<AArch64Inst> {
    private final AArch64Printer printer = new AArch64Printer();

    @Override
    public AArch64Inst visitOperands(AArch64Inst inst, OperandVisitor v) {
        return inst.visitOperands(v);
    }

    /** Returns, tail calls and unconditional traps, which end the function: nothing is live after them. */
    @Override
    public boolean isRet(AArch64Inst inst) {
        return inst instanceof AArch64Inst.Ret || inst instanceof AArch64Inst.Udf
                || inst instanceof AArch64Inst.ReturnCall || inst instanceof AArch64Inst.ReturnCallInd;
    }

    @Override
    public boolean isBranch(AArch64Inst inst) {
        return inst instanceof AArch64Inst.Jump || inst instanceof AArch64Inst.CondBr
                || inst instanceof AArch64Inst.JmpTableSeq || inst instanceof AArch64Inst.Br;
    }

    @Override
    public boolean isMove(AArch64Inst inst) {
        return inst.isMove();
    }

    @Override
    public AArch64Inst genMove(int dst, int src, int cls) {
        check(cls);
        return cls == Reg.INT ? new AArch64Inst.Mov(AArch64Size.S64, dst, src) : new AArch64Inst.FpuMove(dst, src);
    }

    /** FP registers hold scalars only so far, so the low 64 bits (a d register) are the whole value. */
    @Override
    public AArch64Inst genSpill(int slot, int src, int cls) {
        check(cls);
        return new AArch64Inst.Store(cls == Reg.INT ? AArch64MemOp.STR64 : AArch64MemOp.STRD, src, slotAddr(slot));
    }

    @Override
    public AArch64Inst genReload(int dst, int slot, int cls) {
        check(cls);
        return new AArch64Inst.Load(cls == Reg.INT ? AArch64MemOp.LDR64 : AArch64MemOp.LDRD, dst, slotAddr(slot));
    }

    /** Symbolic: the frame layout, known only after allocation, places the spill area. */
    public static AArch64Amode slotAddr(int slot) {
        return new AArch64Amode.SpillSlot(slot);
    }

    private static void check(int cls) {
        if (cls != Reg.INT && cls != Reg.FLOAT) {
            throw new IllegalArgumentException("register class " + cls + " has no moves yet");
        }
    }

    @Override
    public AArch64Inst genJump(int target) {
        return new AArch64Inst.Jump(target);
    }

    @Override
    public String print(AArch64Inst inst) {
        return printer.print(inst);
    }
}
