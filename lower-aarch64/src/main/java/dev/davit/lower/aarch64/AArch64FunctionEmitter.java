package dev.davit.lower.aarch64;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.machinst.FinalCode;
import dev.davit.codegen.machinst.MachBackend;
import dev.davit.lower.aarch64.abi.AArch64Frame;
import dev.davit.lower.aarch64.inst.AArch64Emitter;
import dev.davit.lower.aarch64.inst.AArch64Inst;

/**
 * Emits a register-allocated AArch64 function: block {@code b} at label {@code b}, the prologue at
 * the start of the entry block (block 0), the epilogue before every return. Before each instruction
 * the emitter's island hook places pending veneers and constants if a short-range use would
 * otherwise go out of reach.
 */
public final class AArch64FunctionEmitter {
    private AArch64FunctionEmitter() {}

    public static MachBackend.Emitted emit(FinalCode<AArch64Inst> code) {
        MachBuffer buf = new MachBuffer();
        int n = code.numBlocks();
        buf.reserveLabels(n);
        AArch64Frame frame = new AArch64Frame(code.usedRegs()[0], code.numSpillSlots());
        for (int b = 0; b < n; b++) {
            buf.bindLabel(b);
            if (b == 0) {
                frame.emitPrologue(buf);
            }
            for (int i = code.blockStart()[b]; i < code.blockStart()[b + 1]; i++) {
                AArch64Inst inst = code.inst(i);
                if (inst instanceof AArch64Inst.Ret) {
                    frame.emitEpilogue(buf);
                }
                AArch64Emitter.emitIslandIfNeeded(buf, AArch64Emitter.worstCaseSize(inst));
                AArch64Emitter.emit(inst, buf);
            }
        }
        return new MachBackend.Emitted(buf.finish(), frame.size());
    }
}
