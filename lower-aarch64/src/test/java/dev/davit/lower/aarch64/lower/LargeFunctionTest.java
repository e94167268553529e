package dev.davit.lower.aarch64.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.ir.DataValue;
import dev.davit.ir.Function;
import dev.davit.ir.Type;
import dev.davit.ir.interpreter.Interpreter;
import dev.davit.ir.interpreter.InterpreterResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A function larger than the ±1 MiB reach of cbz/cbnz and b.cond: a conditional branch over
 * 1.1 MiB of code, and a trap check whose out-of-line udf would be out of reach at the end of the
 * function, need veneers and islands; the code is run under qemu on both paths.
 */
class LargeFunctionTest {
    static final int N = 280_000;

    static String clif() {
        StringBuilder sb = new StringBuilder();
        sb.append("function %f(i64, i64) -> i64 {\n");
        sb.append("block0(v0: i64, v1: i64):\n");
        sb.append("    trapz v1, user9\n");
        sb.append("    brif v0, block1, block2\n");
        sb.append("block1:\n");
        sb.append("    v10 = iadd v0, v1\n");
        int prev = 10;
        for (int i = 0; i < N; i++) {
            int k = 20 + 2 * i;
            sb.append("    v").append(k).append(" = iconst.i64 ").append(1 + i % 4000).append('\n');
            sb.append("    v").append(k + 1).append(" = iadd v").append(prev).append(", v").append(k).append('\n');
            prev = k + 1;
        }
        sb.append("    v3 = udiv v").append(prev).append(", v1\n");
        sb.append("    return v3\n");
        sb.append("block2:\n");
        sb.append("    v2 = iconst.i64 77\n");
        sb.append("    return v2\n");
        sb.append("}\n");
        return sb.toString();
    }

    @Test
    void branchesAndTrapsReachAcrossAMegabyte() throws Exception {
        Function f = LowerTestSupport.parse(clif());
        CompiledCode code;
        try {
            code = LowerTestSupport.BACKEND.compile(f, true, false);
        } catch (dev.davit.codegen.isa.TargetIsa.CompileError e) {
            throw new AssertionError(e);
        }
        assertTrue(code.bytes().length > (1 << 20) + (1 << 16), "code size " + code.bytes().length);
        assumeTrue(QemuRunner.available(), "qemu-aarch64 is not installed");
        Interpreter interp = new Interpreter(f);
        List<QemuRunner.Call> calls = new ArrayList<>();
        for (long[] a : new long[][] {{0, 5}, {3, 7}, {-1, 1}, {123456789, 3}}) {
            InterpreterResult r = interp.call(f, DataValue.ofInt(Type.I64, a[0]), DataValue.ofInt(Type.I64, a[1]));
            calls.add(new QemuRunner.Call(a, ((InterpreterResult.Returned) r).values()[0].unsigned()));
        }
        QemuRunner.Outcome o = QemuRunner.run(code.bytes(), false, -1, calls);
        assertTrue(o.ok(), "call " + o.failedIndex() + " returned " + o.actual() + ", exit " + o.exitCode());
        // The trap's veneer: trapz with a zero divisor reaches its udf.
        QemuRunner.Outcome t = QemuRunner.run(code.bytes(), false, -1, List.of(new QemuRunner.Call(new long[] {3, 0}, 0)));
        assertTrue(t.exitCode() == 128 + 4, "SIGILL expected, exit " + t.exitCode());
    }

    /**
     * The disassembly of a function with islands accounts for every word once, in order: the jump
     * over each island, the veneers in it and the trap stubs included.
     */
    @Test
    void listingCoversIslandsWordByWord() throws Exception {
        CompiledCode code = LowerTestSupport.BACKEND.compile(LowerTestSupport.parse(clif()), true, true);
        String text = code.vcode();
        String listing = text.substring(text.indexOf("\n; disassembly:\n") + "\n; disassembly:\n".length());
        int expected = 0;
        int jumps = 0;
        for (String line : listing.split("\n")) {
            String t = line.strip();
            int colon = t.indexOf(':');
            assertEquals(expected, Integer.parseInt(t.substring(0, colon), 16), line);
            expected += 4;
            if (t.substring(colon + 12).startsWith("b ")) {
                jumps++;
            }
        }
        assertEquals(code.buffer().totalSize(), expected);
        // The branch to the next block, the island jump and the veneers of the b.cond and the trap.
        assertTrue(jumps >= 3, "unconditional branches: " + jumps);
    }
}
