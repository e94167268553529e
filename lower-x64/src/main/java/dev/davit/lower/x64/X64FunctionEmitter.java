package dev.davit.lower.x64;

import dev.davit.codegen.buffer.MachBuffer;
import dev.davit.codegen.machinst.FinalCode;
import dev.davit.codegen.machinst.MachBackend;
import dev.davit.lower.x64.abi.X64Frame;
import dev.davit.lower.x64.inst.X64Emitter;
import dev.davit.lower.x64.inst.X64Inst;
import dev.davit.lower.x64.inst.X64Listing;
import dev.davit.lower.x64.inst.X64Regs;
import dev.davit.lower.x64.inst.X64Size;
import dev.davit.lower.x64.lower.X64LowerBackend;

/**
 * Emits a register-allocated x86-64 function: block {@code b} at label {@code b}, the prologue at
 * the start of the entry block (block 0: the lowering order starts with it), the epilogue before
 * every return and tail call. Symbolic stack- and spill-slot addresses are resolved against the frame on the way.
 */
public final class X64FunctionEmitter {
    private X64FunctionEmitter() {}

    /** Emits {@code code} with the frame its lowering asked for ({@link X64LowerBackend#frame}). */
    public static MachBackend.Emitted emit(FinalCode<X64Inst> code, X64Frame frame) {
        return emit(code, frame, null);
    }

    /** The same, recording every instruction in {@code listing} when it is not null. */
    public static MachBackend.Emitted emit(FinalCode<X64Inst> code, X64Frame frame, X64Listing listing) {
        MachBuffer buf = new MachBuffer();
        int n = code.numBlocks();
        buf.reserveLabels(n);
        for (int b = 0; b < n; b++) {
            buf.bindLabel(b);
            if (b == 0) frame.emitPrologue(buf, listing);
            for (int i = code.blockStart()[b]; i < code.blockStart()[b + 1]; i++) {
                X64Inst inst = frame.resolve(code.inst(i));
                if (inst instanceof X64Inst.Ret || inst instanceof X64Inst.ReturnCallKnown) {
                    frame.emitEpilogue(buf, listing);
                } else if (inst instanceof X64Inst.ReturnCallUnknown rc) {
                    put(new X64Inst.MovRR(X64Size.S64, rc.target(), X64Regs.R11), buf, listing);
                    frame.emitEpilogue(buf, listing);
                }
                put(inst, buf, listing);
            }
        }
        return new MachBackend.Emitted(buf.finish(), frame.size());
    }

    private static void put(X64Inst inst, MachBuffer buf, X64Listing listing) {
        if (listing != null) listing.emit(inst, buf); else X64Emitter.emit(inst, buf);
    }
}
