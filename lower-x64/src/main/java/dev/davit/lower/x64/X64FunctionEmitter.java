package dev.davit.lower.x64;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.machinst.FinalCode;
import dev.davit.codegen.machinst.MachBackend;
import dev.davit.lower.x64.abi.X64Frame;
import dev.davit.lower.x64.inst.X64Emitter;
import dev.davit.lower.x64.inst.X64Inst;

/**
 * Emits a register-allocated x86-64 function: block {@code b} at label {@code b}, the prologue at
 * the start of the entry block (block 0: the lowering order starts with it), the epilogue before
 * every return.
 */
public final class X64FunctionEmitter {
    private X64FunctionEmitter() {}

    public static MachBackend.Emitted emit(FinalCode<X64Inst> code) {
        MachBuffer buf = new MachBuffer();
        int n = code.numBlocks();
        buf.reserveLabels(n);
        X64Frame frame = new X64Frame(code.usedRegs()[0], code.numSpillSlots());
        for (int b = 0; b < n; b++) {
            buf.bindLabel(b);
            if (b == 0) frame.emitPrologue(buf);
            for (int i = code.blockStart()[b]; i < code.blockStart()[b + 1]; i++) {
                X64Inst inst = code.inst(i);
                if (inst instanceof X64Inst.Ret) frame.emitEpilogue(buf);
                X64Emitter.emit(inst, buf);
            }
        }
        return new MachBackend.Emitted(buf.finish(), frame.size());
    }
}
