package dev.davit.lower.aarch64.lower;

import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.Function;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParseError;
import dev.davit.lower.aarch64.AArch64Backend;
import java.util.List;

/** CLIF text to AArch64 code, for tests; the register-allocation checker is always on. */
final class LowerTestSupport {
    private LowerTestSupport() {}

    static final AArch64Backend BACKEND = new AArch64Backend();

    static List<Function> parseAll(String clif) {
        try {
            return ClifParser.parseTestFile(clif, "test.clif").functions().stream().map(p -> p.function()).toList();
        } catch (ParseError e) {
            throw new AssertionError(e);
        }
    }

    static Function parse(String clif) {
        return parseAll(clif).get(0);
    }

    static CompiledCode compile(Function f) throws TargetIsa.CompileError {
        return BACKEND.compile(f, true, true);
    }

    /** The VCode before register allocation, as printed. */
    static String vcode(String clif) throws TargetIsa.CompileError {
        String all = compile(parse(clif)).vcode();
        return all.substring(0, all.indexOf("\n; after register allocation:"));
    }

    /**
     * The printed VCode, then the allocated code; without the disassembly that follows them
     * (checked against objdump by {@code AArch64ListingTest}).
     */
    static String full(String clif) throws TargetIsa.CompileError {
        String all = compile(parse(clif)).vcode();
        return all.substring(0, all.indexOf("\n; disassembly:\n"));
    }
}
