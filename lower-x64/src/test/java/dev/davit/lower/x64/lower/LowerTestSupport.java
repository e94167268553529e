package dev.davit.lower.x64.lower;

import dev.davit.codegen.machinst.BlockLoweringOrder;
import dev.davit.codegen.machinst.Lower;
import dev.davit.codegen.machinst.LoweringException;
import dev.davit.codegen.machinst.VCode;
import dev.davit.ir.Function;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import dev.davit.lower.x64.inst.X64Inst;

/** CLIF text to x64 VCode, for tests. */
final class LowerTestSupport {
    private LowerTestSupport() {}

    static Function parse(String clif) {
        try {
            return ClifParser.parseTestFile(clif, "test.clif").functions().get(0).function();
        } catch (ParseError e) {
            throw new AssertionError(e);
        }
    }

    static VCode<X64Inst> lower(Function f, X64LowerBackend backend) throws LoweringException {
        return new Lower<>(f, new X64MachInstInfo(), backend, BlockLoweringOrder.compute(f)).lower();
    }

    static VCode<X64Inst> lower(String clif) throws LoweringException {
        return lower(parse(clif), new X64LowerBackend());
    }

    static String print(String clif) throws LoweringException {
        return lower(clif).toString();
    }
}
