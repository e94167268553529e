package dev.davit.ir.analysis;

import dev.davit.ir.Function;
import dev.davit.ir.writer.FunctionWriter;

/**
 * The CLIF text of one instruction, for printouts and diagnostics. Kept in one place so that the
 * analyses and the verifier print instructions exactly as the writer does.
 */
public final class InstText {
    private InstText() {}

    /** The instruction as CLIF text, without source location or indentation; never throws. */
    public static String of(Function f, int inst) {
        try {
            if (inst < 0 || inst >= f.dfg().numInsts()) return "inst" + inst;
            return FunctionWriter.writeInst(f, inst);
        } catch (RuntimeException e) {
            return "inst" + inst;
        }
    }
}
