package dev.davit.codegen.machinst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.davit.ir.DataValue;
import dev.davit.ir.Function;
import dev.davit.ir.Type;
import dev.davit.ir.interpreter.Interpreter;
import dev.davit.ir.interpreter.InterpreterResult;
import dev.davit.ir.reader.ClifParser;
import dev.davit.regalloc.Output;
import dev.davit.regalloc.RegAllocator;
import dev.davit.regalloc.checker.Checker;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The shared pipeline (lowering order, Lower, VCode, allocation, application) on a toy ISA. */
class PipelineTest {
    static Function parse(String text) throws Exception {
        return ClifParser.parseTestFile(text, "t.clif").functions().get(0).function();
    }

    static FinalCode<ToyIsa.Inst> compile(Function f, int regs) throws LoweringException {
        VCode<ToyIsa.Inst> vcode = new Lower<>(f, ToyIsa.INFO, ToyIsa.LOWER, BlockLoweringOrder.compute(f)).lower();
        Output out = RegAllocator.allocate(vcode, ToyIsa.env(regs));
        Checker.check(vcode, ToyIsa.env(regs), out);
        return RegAllocApply.apply(vcode, out);
    }

    static final String LOOP = """
            function %sum_to(i64) -> i64 {
            block0(v0: i64):
                v1 = iconst.i64 0
                v2 = iconst.i64 1
                jump block1(v1, v2)
            block1(v3: i64, v4: i64):
                v5 = iadd v3, v4
                v6 = iadd v4, v2
                v7 = icmp slt v0, v6
                brif v7, block2, block1(v5, v6)
            block2:
                return v5
            }
            """;

    @Test
    void deadCodeIsNotLoweredAndConstantsOnlyWhereUsed() throws Exception {
        Function f = parse("""
                function %f(i64) -> i64 {
                block0(v0: i64):
                    v1 = iconst.i64 7
                    v2 = iconst.i64 9
                    v3 = imul v0, v0
                    v4 = iadd v0, v1
                    return v4
                }
                """);
        VCode<ToyIsa.Inst> vcode = new Lower<>(f, ToyIsa.INFO, ToyIsa.LOWER, BlockLoweringOrder.compute(f)).lower();
        String text = vcode.toString();
        assertTrue(text.contains("Const[value=7"), text);
        assertFalse(text.contains("value=9"), text);
        assertFalse(text.contains("op=*"), text);
    }

    @Test
    void unsupportedInstructionsAreNamed() throws Exception {
        Function f = parse("""
                function %f(i64) -> i64 {
                block0(v0: i64):
                    v1 = bnot v0
                    return v1
                }
                """);
        LoweringException e = assertThrows(LoweringException.class, () -> compile(f, 4));
        assertEquals("unsupported instruction: v1 = bnot v0", e.getMessage());
    }

    @Test
    void loopRunsTheSameAsTheInterpreter() throws Exception {
        Function f = parse(LOOP);
        FinalCode<ToyIsa.Inst> code = compile(f, 3);
        Interpreter interp = new Interpreter(f);
        for (long n : new long[] {1, 2, 10, 100}) {
            InterpreterResult r = interp.call(f, DataValue.ofInt(Type.I64, n));
            long expected = ((InterpreterResult.Returned) r).values()[0].signed();
            assertEquals(expected, ToyIsa.run(code, n));
        }
    }

    /** Under any register budget, even one that forces spills, the compiled loop computes the same sums. */
    @Property(tries = 30)
    void registerPressureDoesNotChangeResults(@ForAll @IntRange(min = 3, max = 12) int regs,
                                              @ForAll @IntRange(min = 1, max = 300) int n) throws Exception {
        Function f = parse(LOOP);
        assertEquals((long) n * (n + 1) / 2, ToyIsa.run(compile(f, regs), n));
    }
}
