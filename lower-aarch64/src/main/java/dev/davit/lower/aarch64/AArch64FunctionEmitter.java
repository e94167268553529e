package dev.davit.lower.aarch64;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.machinst.FinalCode;
import dev.davit.codegen.machinst.MachBackend;
import dev.davit.lower.aarch64.abi.AArch64Frame;
import dev.davit.lower.aarch64.inst.AArch64Inst;
import dev.davit.lower.aarch64.inst.AArch64Regs;
import dev.davit.lower.aarch64.inst.AArch64Size;

/**
 * Emits a register-allocated AArch64 function: block {@code b} at label {@code b}, the prologue at
 * the start of the entry block (block 0), the epilogue before every return and tail call. Symbolic
 * stack- and spill-slot addresses are resolved against the frame on the way
 * ({@link AArch64Frame#emit}), which also places islands: before each instruction the emitter's
 * island hook places pending veneers and constants if a short-range use would otherwise go out of
 * reach.
 */
public final class AArch64FunctionEmitter {
    private AArch64FunctionEmitter() {}

    /** Emits {@code code} with the frame its lowering asked for ({@code AArch64LowerBackend.frame}). */
    public static MachBackend.Emitted emit(FinalCode<AArch64Inst> code, AArch64Frame frame) {
        MachBuffer buf = new MachBuffer();
        int n = code.numBlocks();
        buf.reserveLabels(n);
        for (int b = 0; b < n; b++) {
            buf.bindLabel(b);
            if (b == 0) {
                frame.emitPrologue(buf);
            }
            for (int i = code.blockStart()[b]; i < code.blockStart()[b + 1]; i++) {
                AArch64Inst inst = code.inst(i);
                if (inst instanceof AArch64Inst.Ret) {
                    frame.emitEpilogue(buf);
                } else if (inst instanceof AArch64Inst.ReturnCall) {
                    frame.emitTailCallEpilogue(buf);
                } else if (inst instanceof AArch64Inst.ReturnCallInd rc) {
                    // The target may sit in a callee-saved register the epilogue restores.
                    frame.emit(buf, new AArch64Inst.Mov(AArch64Size.S64, AArch64Regs.X17, rc.rn()));
                    frame.emitTailCallEpilogue(buf);
                    inst = new AArch64Inst.ReturnCallInd(AArch64Regs.X17, rc.uses(), rc.usePregs());
                }
                frame.emit(buf, inst);
            }
        }
        return new MachBackend.Emitted(buf.finish(), frame.size());
    }
}
