package dev.davit.lower.x64.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.davit.codegen.buffer.MachBufferFinalized;
import dev.davit.codegen.buffer.RelocKind;
import dev.davit.codegen.isa.TargetIsa;
import dev.davit.codegen.machinst.CompiledCode;
import dev.davit.codegen.machinst.LoweringException;
import dev.davit.codegen.settings.Flags;
import dev.davit.codegen.settings.SharedSettings;
import dev.davit.ir.DataValue;
import dev.davit.ir.ExtFuncData;
import dev.davit.ir.ExternalName;
import dev.davit.ir.Function;
import dev.davit.ir.Type;
import dev.davit.ir.interpreter.Interpreter;
import dev.davit.ir.interpreter.InterpreterResult;
import dev.davit.ir.reader.ClifParser;
import dev.davit.ir.reader.ParsedFunction;
import dev.davit.jit.JitModule;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.Reloc;
import dev.davit.jit.RelocTarget;
import dev.davit.lower.x64.X64Backend;
import dev.davit.lower.x64.X64Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stack slots, calls (direct, indirect, with stack arguments and results in a return area) and
 * incoming stack arguments: the printed VCode of the selection, the relocations, and execution of
 * whole linked modules through the full pipeline, differential against the CLIF interpreter.
 */
class FrameAndCallTest {
    static List<Function> parse(String clif) {
        try {
            List<Function> out = new ArrayList<>();
            for (ParsedFunction pf : ClifParser.parseTestFile(clif, "test.clif").functions()) out.add(pf.function());
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static TargetIsa isa(boolean multiRet, String... settings) throws Exception {
        Flags.Builder shared = SharedSettings.GROUP.builder();
        if (multiRet) shared.enable("enable_multi_ret_implicit_sret");
        for (String kv : settings) shared.apply(kv);
        return new X64Backend(shared.build(), X64Settings.GROUP.builder().build());
    }

    /** Compiles every function and links calls by FuncRef name, as {@code test run} does. */
    static JitModule load(List<Function> fs, TargetIsa isa) throws Exception {
        List<String> names = new ArrayList<>();
        for (Function f : fs) names.add(f.name().text());
        ModuleImage.Builder b = ModuleImage.builder();
        for (Function f : fs) {
            CompiledCode cc = isa.compile(f, false);
            List<Reloc> relocs = new ArrayList<>();
            for (MachBufferFinalized.Reloc r : cc.buffer().relocs()) {
                ExtFuncData ext = f.dfg().extFunc(r.name());
                String target = "%" + ((ExternalName.TestCase) ext.name()).name();
                int index = names.indexOf(target);
                assertTrue(index >= 0, target);
                relocs.add(new Reloc(r.offset(), r.kind(),
                        new RelocTarget.Function(index), r.addend()));
            }
            b.function(f.name().text().substring(1), Arrays.copyOf(cc.bytes(), cc.buffer().totalSize()), relocs);
        }
        return JitModule.load(b.build());
    }

    /** Runs {@code entry} natively and in the interpreter on each argument tuple. */
    static void differential(String clif, String entry, boolean multiRet, long[][] argSets, String... settings)
            throws Exception {
        assumeTrue(ExecutionTest.X64_LINUX);
        List<Function> fs = parse(clif);
        Function f = fs.stream().filter(x -> x.name().text().equals(entry)).findFirst().orElseThrow();
        Interpreter interp = new Interpreter(fs);
        try (JitModule m = load(fs, isa(multiRet, settings))) {
            for (long[] args : argSets) {
                DataValue[] dv = new DataValue[args.length];
                for (int i = 0; i < args.length; i++) dv[i] = DataValue.ofInt(f.signature().params().get(i).type(), args[i]);
                InterpreterResult want = interp.call(entry, dv);
                InterpreterResult.Returned r = (InterpreterResult.Returned) want;
                List<DataValue> got = m.call(entry.substring(1), f.signature(), dv);
                assertEquals(List.of(r.values()), got, entry + Arrays.toString(args));
            }
        }
    }

    static long[][] randomArgs(int n, int count) {
        Random rnd = new Random(42 + n);
        long[][] out = new long[count][n];
        for (long[] a : out) for (int i = 0; i < n; i++) a[i] = rnd.nextInt(1000) - 500;
        out[0] = new long[n];
        return out;
    }

    // ------------------------------------------------------------------ printed selection

    @Test
    void stackAddrFoldsIntoSymbolicAddresses() throws LoweringException {
        assertEquals("""
                block0:
                  # args %v192=rdi
                  mov QWORD PTR [ss0+0x8], %v192
                  mov %v196, QWORD PTR [ss0+0x8]
                  ret
                """, LowerTestSupport.print("""
                function %f(i64) -> i64 {
                    ss0 = explicit_slot 16
                block0(v0: i64):
                    v1 = stack_addr.i64 ss0+8
                    store v0, v1
                    v2 = stack_addr.i64 ss0+8
                    v3 = load.i64 v2
                    return v3
                }
                """));
    }

    @Test
    void escapingStackAddrIsALea() throws LoweringException {
        String v = LowerTestSupport.print("""
                function %f() -> i64 {
                    ss0 = explicit_slot 4
                    ss1 = explicit_slot 8
                block0:
                    v0 = stack_addr.i64 ss1+4
                    return v0
                }
                """);
        assertTrue(v.contains("lea %v") && v.contains(", [ss1+0x4]"), v);
    }

    @Test
    void callPutsArgumentsInRegistersAndOnTheStack() throws LoweringException {
        String v = LowerTestSupport.print("""
                function %f(i64) -> i64 {
                    fn0 = %g(i64, i64, i64, i64, i64, i64, i64, i64) -> i64
                block0(v0: i64):
                    v1 = call fn0(v0, v0, v0, v0, v0, v0, v0, v0)
                    return v1
                }
                """);
        assertTrue(v.contains("mov QWORD PTR [rsp], %v192"), v);
        assertTrue(v.contains("mov QWORD PTR [rsp+0x8], %v192"), v);
        assertTrue(v.contains("call ext0"), v);
    }

    @Test
    void callKnownCarriesAFuncRefRelocation() throws Exception {
        List<Function> fs = parse("""
                function %f(i64) -> i64 {
                    fn0 = %a(i64) -> i64
                    fn1 = %b(i64) -> i64
                block0(v0: i64):
                    v1 = call fn1(v0)
                    v2 = func_addr.i64 fn0
                    return v1
                }
                """);
        CompiledCode cc = isa(false).compile(fs.get(0), false);
        MachBufferFinalized buf = cc.buffer();
        assertEquals(1, buf.relocCount(), "func_addr of an unused value is dropped");
        MachBufferFinalized.Reloc r = buf.reloc(0);
        assertEquals(RelocKind.X86CallPCRel4, r.kind());
        assertEquals(1, r.name(), "the name is the FuncRef index");
        assertEquals(-4, r.addend());
        assertEquals(0xE8, buf.byteAt(r.offset() - 1), "the field follows the call opcode");
    }

    // ------------------------------------------------------------------ execution

    @Test
    void stackSlotsRoundTrip() throws Exception {
        differential("""
                function %f(i64, i32, i8) -> i64 {
                    ss0 = explicit_slot 24
                    ss1 = explicit_slot 4, align = 16
                    ss2 = explicit_slot 1
                block0(v0: i64, v1: i32, v2: i8):
                    v3 = stack_addr.i64 ss0
                    store v0, v3
                    v4 = stack_addr.i64 ss0+8
                    store v0, v4+8
                    v5 = stack_addr.i64 ss1
                    store v1, v5
                    v6 = stack_addr.i64 ss2
                    store v2, v6
                    v7 = load.i64 v3
                    v8 = load.i64 v4+8
                    v9 = uload32.i64 v5
                    v10 = sload8.i64 v6
                    v11 = iadd v7, v8
                    v12 = iadd v11, v9
                    v13 = iadd v12, v10
                    return v13
                }
                """, "%f", false, randomArgs(3, 8));
    }

    @Test
    void recursiveCallsWithManyLiveValues() throws Exception {
        // Values live across calls go to callee-saved registers or spill slots above the slots.
        differential("""
                function %fib(i32) -> i32 {
                    fn0 = %fib(i32) -> i32
                    ss0 = explicit_slot 8
                block0(v0: i32):
                    v901 = iconst.i32 1
                    v1 = icmp ule v0, v901
                    brif v1, block2(v0), block1
                block1:
                    v902 = iconst.i32 -1
                    v2 = iadd v0, v902
                    v3 = call fn0(v2)
                    v4 = stack_addr.i64 ss0
                    store v3, v4
                    v903 = iconst.i32 -2
                    v5 = iadd v0, v903
                    v6 = call fn0(v5)
                    v7 = load.i32 v4
                    v8 = iadd v6, v7
                    v9 = imul v8, v0
                    v10 = iadd v9, v3
                    v11 = isub v10, v7
                    v12 = isub v11, v9
                    v13 = iadd v12, v8
                    v14 = isub v13, v8
                    v15 = iadd v14, v8
                    v16 = isub v15, v3
                    v17 = iadd v16, v3
                    jump block2(v17)
                block2(v20: i32):
                    return v20
                }
                """, "%fib", false, new long[][] {{0}, {1}, {2}, {5}, {10}, {15}});
    }

    @Test
    void stackArgumentsBothWays() throws Exception {
        // Eight and more integer arguments: the callee reads rbp+16.., the caller stores at rsp+0..
        differential("""
                function %callee(i64, i32, i64, i8, i64, i16, i64, i32, i64, i8) -> i64 {
                block0(v0: i64, v1: i32, v2: i64, v3: i8, v4: i64, v5: i16, v6: i64, v7: i32, v8: i64, v9: i8):
                    v10 = sextend.i64 v1
                    v11 = sextend.i64 v3
                    v12 = sextend.i64 v5
                    v13 = sextend.i64 v7
                    v14 = sextend.i64 v9
                    v904 = iconst.i64 3
                    v15 = imul v8, v904
                    v905 = iconst.i64 5
                    v16 = imul v6, v905
                    v17 = iadd v0, v10
                    v18 = iadd v17, v2
                    v19 = iadd v18, v11
                    v20 = isub v19, v4
                    v21 = iadd v20, v12
                    v22 = iadd v21, v16
                    v23 = isub v22, v13
                    v24 = iadd v23, v15
                    v25 = imul v24, v14
                    return v25
                }

                function %caller(i64, i64, i64) -> i64 {
                    fn0 = %callee(i64, i32, i64, i8, i64, i16, i64, i32, i64, i8) -> i64
                block0(v0: i64, v1: i64, v2: i64):
                    v3 = ireduce.i32 v1
                    v4 = ireduce.i8 v2
                    v5 = ireduce.i16 v0
                    v6 = iadd v0, v1
                    v7 = call fn0(v0, v3, v1, v4, v2, v5, v6, v3, v2, v4)
                    v8 = iadd v7, v6
                    return v8
                }
                """, "%caller", false, randomArgs(3, 10));
    }

    @Test
    void callIndirectThroughFuncAddr() throws Exception {
        differential("""
                function %add10(i64, i64) -> i64 {
                block0(v0: i64, v1: i64):
                    v2 = iadd v0, v1
                    v906 = iconst.i64 10
                    v3 = iadd v2, v906
                    return v3
                }

                function %f(i64, i64) -> i64 {
                    fn0 = %add10(i64, i64) -> i64
                block0(v0: i64, v1: i64):
                    v2 = func_addr.i64 fn0
                    v3 = call_indirect sig0, v2(v0, v1)
                    v4 = call_indirect sig0, v2(v3, v0)
                    return v4
                }
                """, "%f", false, randomArgs(2, 6));
    }

    @Test
    void resultsInAReturnArea() throws Exception {
        // Four results: two in rax/rdx, two in the caller's return area (enable_multi_ret_implicit_sret).
        differential("""
                function %quad(i64, i32) -> i64, i64, i32, i64 {
                block0(v0: i64, v1: i32):
                    v907 = iconst.i64 1
                    v2 = iadd v0, v907
                    v908 = iconst.i64 3
                    v3 = imul v0, v908
                    v909 = iconst.i32 7
                    v4 = iadd v1, v909
                    v5 = isub v0, v3
                    return v2, v3, v4, v5
                }

                function %f(i64, i32) -> i64 {
                    fn0 = %quad(i64, i32) -> i64, i64, i32, i64
                block0(v0: i64, v1: i32):
                    v2, v3, v4, v5 = call fn0(v0, v1)
                    v6 = iadd v2, v3
                    v7 = sextend.i64 v4
                    v8 = iadd v6, v7
                    v9 = imul v8, v5
                    return v9
                }
                """, "%f", true, randomArgs(2, 6));
    }

    @Test
    void tailCallsReuseTheArgumentArea() throws Exception {
        // %entry (system_v) calls %g (tail, eight arguments: two on the stack), which tail-calls %h
        // directly and %k through a pointer, with the same signature; %k returns. The stack
        // arguments are written over %g's own, and each callee pops them with `ret 16`.
        differential("""
                function %h(i64, i64, i64, i64, i64, i64, i64, i64) -> i64 tail {
                    fn0 = %k(i64, i64, i64, i64, i64, i64, i64, i64) -> i64 tail
                block0(v0: i64, v1: i64, v2: i64, v3: i64, v4: i64, v5: i64, v6: i64, v7: i64):
                    v8 = func_addr.i64 fn0
                    v9 = iadd v0, v7
                    v10 = isub v6, v1
                    return_call_indirect sig0, v8(v9, v1, v2, v3, v4, v5, v10, v7)
                }

                function %k(i64, i64, i64, i64, i64, i64, i64, i64) -> i64 tail {
                block0(v0: i64, v1: i64, v2: i64, v3: i64, v4: i64, v5: i64, v6: i64, v7: i64):
                    v8 = iconst.i64 3
                    v9 = imul v6, v8
                    v10 = iadd v0, v9
                    v11 = isub v10, v7
                    v12 = iadd v11, v5
                    return v12
                }

                function %g(i64, i64, i64, i64, i64, i64, i64, i64) -> i64 tail {
                    fn0 = %h(i64, i64, i64, i64, i64, i64, i64, i64) -> i64 tail
                block0(v0: i64, v1: i64, v2: i64, v3: i64, v4: i64, v5: i64, v6: i64, v7: i64):
                    v8 = imul v7, v6
                    return_call fn0(v7, v6, v5, v4, v3, v2, v1, v8)
                }

                function %entry(i64, i64) -> i64 {
                    fn0 = %g(i64, i64, i64, i64, i64, i64, i64, i64) -> i64 tail
                block0(v0: i64, v1: i64):
                    v2 = iadd v0, v1
                    v3 = call fn0(v0, v1, v2, v0, v1, v2, v0, v1)
                    v4 = call fn0(v3, v1, v0, v2, v3, v1, v2, v0)
                    v5 = iadd v4, v2
                    return v5
                }
                """, "%entry", false, randomArgs(2, 6));
    }

    @Test
    void probestackTouchesEveryPageOfALargeFrame() throws Exception {
        // 40 000 bytes: ten 4 KiB probes in a loop; 9 000 bytes: three unrolled probes.
        String clif = """
                function %big(i64) -> i64 {
                    ss0 = explicit_slot 40000
                    ss1 = explicit_slot 9000
                block0(v0: i64):
                    v1 = stack_addr.i64 ss0+39992
                    store v0, v1
                    v2 = stack_addr.i64 ss1
                    v3 = iconst.i64 5
                    v4 = iadd v0, v3
                    store v4, v2+8992
                    v5 = load.i64 v1
                    v6 = load.i64 v2+8992
                    v7 = iadd v5, v6
                    return v7
                }
                """;
        differential(clif, "%big", false, randomArgs(1, 4), "enable_probestack=true", "probestack_strategy=inline");
        differential(clif, "%big", false, randomArgs(1, 4), "enable_probestack=true", "probestack_size_log2=14");
        byte[] code = isa(false, "enable_probestack=true").compile(parse(clif).get(0), false).bytes();
        int jne = -1;
        for (int i = 0; i + 1 < code.length; i++) if ((code[i] & 0xff) == 0x75 && code[i + 1] == (byte) 0xed) jne = i;
        assertTrue(jne > 0, "the probe loop's jne back over its 19-byte body");
    }
}
