package dev.davit.jit.qemu;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.Reloc;
import dev.davit.codegen.buffer.RelocKind;
import dev.davit.jit.RelocTarget;
import dev.davit.jit.UnsupportedSignatureException;
import dev.davit.jit.isolated.CallOutcome;
import dev.davit.jit.isolated.Signals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.davit.ir.Type.F32;
import static dev.davit.ir.Type.F64;
import static dev.davit.ir.Type.I128;
import static dev.davit.ir.Type.I32;
import static dev.davit.ir.Type.I64;
import static dev.davit.ir.Type.I8;
import static dev.davit.jit.Hex.sig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Hand-assembled AArch64 functions run under qemu-aarch64. */
class QemuRunnerTest {
    private static final Signature LL_L = sig(List.of(I64, I64), I64);
    private static final Signature V_L = sig(List.of(), I64);
    private static QemuRunner runner;

    @BeforeAll
    static void qemu() {
        assumeTrue(QemuRunner.isAvailable(), "qemu-aarch64 not installed (" + QemuRunner.INSTALL_HINT + ")");
        runner = new QemuRunner();
    }

    private static DataValue i64(long v) { return DataValue.ofInt(I64, v); }

    private static QemuRunner.Call call(int fn, Signature s, DataValue... args) {
        return new QemuRunner.Call(fn, s, List.of(args));
    }

    private static long returnedLong(CallOutcome o) {
        return assertInstanceOf(CallOutcome.Returned.class, o).values().getFirst().lo();
    }

    @Test
    void addAndMultiplyInOneProcess() {
        var b = ModuleImage.builder();
        int add = b.function("add", Listing.code(A64Samples.ADD), List.of());
        int mul = b.function("mul", Listing.code(A64Samples.MUL), List.of());
        List<CallOutcome> out = runner.run(b.build(), List.of(
                call(add, LL_L, i64(2), i64(40)),
                call(mul, LL_L, i64(-6), i64(7)),
                call(add, LL_L, i64(Long.MAX_VALUE), i64(1))));
        assertEquals(42, returnedLong(out.get(0)));
        assertEquals(-42, returnedLong(out.get(1)));
        assertEquals(Long.MIN_VALUE, returnedLong(out.get(2)));
    }

    @Test
    void narrowResultsAreTruncatedToTheirType() {
        ModuleImage m = ModuleImage.single("m1", Listing.code(A64Samples.MINUS_ONE), List.of());
        List<CallOutcome> out = runner.run(m, List.of(
                call(0, sig(List.of(), I32)), call(0, sig(List.of(), I8)), call(0, V_L)));
        DataValue i32 = assertInstanceOf(CallOutcome.Returned.class, out.get(0)).values().getFirst();
        assertEquals(I32, i32.type());
        assertEquals(0xffff_ffffL, i32.unsigned());
        assertEquals(-1, i32.signed());
        DataValue i8 = assertInstanceOf(CallOutcome.Returned.class, out.get(1)).values().getFirst();
        assertEquals(I8, i8.type());
        assertEquals(0xff, i8.unsigned());
        assertEquals(-1, i8.signed());
        // Writing w0 clears the upper half of x0: as an i64 the result is 2^32 - 1.
        assertEquals(0xffff_ffffL, returnedLong(out.get(2)));
    }

    @Test
    void callThroughArm64CallRelocation() {
        var b = ModuleImage.builder();
        int caller = b.function("caller", Listing.code(A64Samples.CALL_PLUS_ONE),
                List.of(new Reloc(A64Samples.CALL_PLUS_ONE_BL, RelocKind.Arm64Call, new RelocTarget.Function(1), 0)));
        int add = b.function("add", Listing.code(A64Samples.ADD), List.of());
        List<CallOutcome> out = runner.run(b.build(), List.of(call(caller, LL_L, i64(20), i64(21)), call(add, LL_L, i64(1), i64(2))));
        assertEquals(42, returnedLong(out.get(0)));
        assertEquals(3, returnedLong(out.get(1)));
    }

    @Test
    void dataThroughPageAndLow12Relocations() {
        var b = ModuleImage.builder();
        byte[] datum = new byte[8];
        ByteBuffer.wrap(datum).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0123_4567_89ab_cdefL);
        b.data(new byte[40], 8);
        int at = b.data(datum, 8);
        b.function("load", Listing.code(A64Samples.LOAD_DATUM), List.of(
                new Reloc(0, RelocKind.Aarch64AdrPrelPgHi21, new RelocTarget.Data(at), 0),
                new Reloc(4, RelocKind.Aarch64AddAbsLo12Nc, new RelocTarget.Data(at), 0)));
        assertEquals(0x0123_4567_89ab_cdefL, returnedLong(runner.run(b.build(), List.of(call(0, V_L))).getFirst()));
    }

    @Test
    void trapsNameTheCallThatRanAndLaterCallsStillRun() {
        var b = ModuleImage.builder();
        int add = b.function("add", Listing.code(A64Samples.ADD), List.of());
        int udf = b.function("udf", Listing.code(A64Samples.UDF), List.of());
        int brk = b.function("brk", Listing.code(A64Samples.BRK), List.of());
        int load = b.function("load", Listing.code(A64Samples.LOAD_NULL), List.of());
        List<CallOutcome> out = runner.run(b.build(), List.of(
                call(add, LL_L, i64(1), i64(2)),
                call(add, LL_L, i64(3), i64(4)),
                call(udf, V_L),
                call(add, LL_L, i64(5), i64(6)),
                call(brk, V_L),
                call(load, V_L),
                call(add, LL_L, i64(7), i64(8))));
        assertEquals(3, returnedLong(out.get(0)));
        assertEquals(7, returnedLong(out.get(1)));
        assertEquals(new CallOutcome.Trapped(Signals.SIGILL, "SIGILL"), out.get(2));
        assertEquals(11, returnedLong(out.get(3)));
        assertEquals(new CallOutcome.Trapped(Signals.SIGTRAP, "SIGTRAP"), out.get(4));
        assertEquals(new CallOutcome.Trapped(Signals.SIGSEGV, "SIGSEGV"), out.get(5));
        assertEquals(15, returnedLong(out.get(6)));
    }

    @Test
    void processLimitLeavesTheRestNotRun() {
        QemuRunner one = new QemuRunner(runner.qemu(), Duration.ofSeconds(30), 1);
        var b = ModuleImage.builder();
        int add = b.function("add", Listing.code(A64Samples.ADD), List.of());
        int udf = b.function("udf", Listing.code(A64Samples.UDF), List.of());
        List<CallOutcome> out = one.run(b.build(), List.of(call(udf, V_L), call(add, LL_L, i64(1), i64(2))));
        assertEquals(new CallOutcome.Trapped(Signals.SIGILL, "SIGILL"), out.get(0));
        assertTrue(assertInstanceOf(CallOutcome.Failed.class, out.get(1)).message().startsWith("not run"));
    }

    @Test
    void abiViolationsAreReported() {
        var b = ModuleImage.builder();
        int x19 = b.function("x19", Listing.code(A64Samples.CLOBBER_X19), List.of());
        int d8 = b.function("d8", Listing.code(A64Samples.CLOBBER_D8), List.of());
        int sp = b.function("sp", Listing.code(A64Samples.LEAK_SP), List.of());
        int add = b.function("add", Listing.code(A64Samples.ADD), List.of());
        List<CallOutcome> out = runner.run(b.build(), List.of(
                call(x19, V_L), call(d8, V_L), call(sp, V_L), call(add, LL_L, i64(1), i64(1))));
        assertTrue(assertInstanceOf(CallOutcome.Failed.class, out.get(0)).message().contains("x19"), out.get(0).toString());
        assertTrue(assertInstanceOf(CallOutcome.Failed.class, out.get(1)).message().contains("d8"), out.get(1).toString());
        assertTrue(assertInstanceOf(CallOutcome.Failed.class, out.get(2)).message().contains("sp moved by -16"), out.get(2).toString());
        // The harness restores its own state, so the next call is unaffected.
        assertEquals(2, returnedLong(out.get(3)));
    }

    @Test
    void floatsI128AndMultipleReturns() {
        var b = ModuleImage.builder();
        int fd = b.function("fadd_d", Listing.code(A64Samples.FADD_D), List.of());
        int fs = b.function("fadd_s", Listing.code(A64Samples.FADD_S), List.of());
        int wide = b.function("add128", Listing.code(A64Samples.ADD_I128), List.of());
        int two = b.function("pred_succ", Listing.code(A64Samples.PRED_SUCC), List.of());
        Signature twoRets = new Signature(List.of(new AbiParam(I64)), List.of(new AbiParam(I64), new AbiParam(I64)), CallConv.SYSTEM_V);
        List<CallOutcome> out = runner.run(b.build(), List.of(
                call(fd, sig(List.of(F64, F64), F64), DataValue.ofF64(1.5), DataValue.ofF64(2.25)),
                call(fs, sig(List.of(F32, F32), F32), DataValue.ofF32(1.5f), DataValue.ofF32(-4f)),
                call(wide, sig(List.of(I128, I128), I128), DataValue.ofI128(-1, 0), DataValue.ofI128(1, 5)),
                call(two, twoRets, i64(10))));
        assertEquals(3.75, assertInstanceOf(CallOutcome.Returned.class, out.get(0)).values().getFirst().asF64());
        DataValue f = assertInstanceOf(CallOutcome.Returned.class, out.get(1)).values().getFirst();
        assertEquals(F32, f.type());
        assertEquals(-2.5f, f.asF32());
        assertEquals(DataValue.ofI128(0, 6), assertInstanceOf(CallOutcome.Returned.class, out.get(2)).values().getFirst());
        assertEquals(List.of(i64(9), i64(11)), assertInstanceOf(CallOutcome.Returned.class, out.get(3)).values());
    }

    @Test
    void signExtendedNarrowArgumentsArriveExtended() {
        ModuleImage m = ModuleImage.single("sxtb", Listing.code(A64Samples.SXTB), List.of());
        Signature sext = new Signature(List.of(new AbiParam(I8, AbiParam.Extension.SEXT, AbiParam.Purpose.NORMAL, 0)),
                List.of(new AbiParam(I64)), CallConv.SYSTEM_V);
        assertEquals(-128, returnedLong(runner.run(m, List.of(call(0, sext, DataValue.ofInt(I8, 0x80)))).getFirst()));
    }

    @Test
    void timeoutAndExitEndTheBatch() {
        var b = ModuleImage.builder();
        int add = b.function("add", Listing.code(A64Samples.ADD), List.of());
        int spin = b.function("spin", Listing.code(A64Samples.SPIN), List.of());
        int exit = b.function("exit", Listing.code(A64Samples.EXIT_7), List.of());
        ModuleImage m = b.build();
        List<CallOutcome> out = runner.withTimeout(Duration.ofMillis(500)).run(m, List.of(
                call(add, LL_L, i64(1), i64(2)), call(spin, V_L), call(add, LL_L, i64(1), i64(2))));
        assertEquals(3, returnedLong(out.get(0)));
        assertEquals(new CallOutcome.TimedOut(Duration.ofMillis(500)), out.get(1));
        assertInstanceOf(CallOutcome.Failed.class, out.get(2));
        out = runner.run(m, List.of(call(exit, V_L), call(add, LL_L, i64(1), i64(2))));
        assertEquals(7, assertInstanceOf(CallOutcome.Crashed.class, out.get(0)).exitCode());
        assertInstanceOf(CallOutcome.Failed.class, out.get(1));
    }

    @Test
    void unresolvableSymbolsFailEveryCall() {
        ModuleImage m = ModuleImage.single("caller", Listing.code(A64Samples.CALL_PLUS_ONE),
                List.of(new Reloc(A64Samples.CALL_PLUS_ONE_BL, RelocKind.Arm64Call, new RelocTarget.Symbol("memcpy"), 0)));
        CallOutcome o = runner.run(m, List.of(call(0, LL_L, i64(1), i64(2)))).getFirst();
        assertTrue(assertInstanceOf(CallOutcome.Failed.class, o).message().contains("memcpy"));
    }

    @Test
    void badCallsAreRejectedBeforeRunning() {
        ModuleImage m = ModuleImage.single("add", Listing.code(A64Samples.ADD), List.of());
        // x0..x7 and 33 * 8 bytes in memory: more of the return area than the harness reports.
        List<AbiParam> manyRets = new ArrayList<>();
        for (int i = 0; i < 8 + 33; i++) manyRets.add(new AbiParam(I64));
        Signature tooManyReturns = new Signature(List.of(), manyRets, CallConv.SYSTEM_V);
        assertThrows(UnsupportedSignatureException.class, () -> runner.run(m, List.of(call(0, tooManyReturns))));
        Signature windows = new Signature(List.of(), List.of(), CallConv.WINDOWS_FASTCALL);
        assertThrows(UnsupportedSignatureException.class, () -> runner.run(m, List.of(call(0, windows))));
        assertThrows(IllegalArgumentException.class, () -> runner.run(m, List.of(call(0, LL_L, i64(1)))));
        assertThrows(IllegalArgumentException.class, () -> runner.run(m, List.of(call(0, LL_L, i64(1), DataValue.ofInt(I32, 2)))));
        assertThrows(IllegalArgumentException.class, () -> runner.run(m, List.of(call(1, V_L))));
    }

    private static List<AbiParam> params(Type... types) {
        List<AbiParam> ps = new ArrayList<>();
        for (Type t : types) ps.add(new AbiParam(t));
        return ps;
    }

    private static Type[] repeat(Type t, int n, Type... more) {
        Type[] ts = new Type[n + more.length];
        java.util.Arrays.fill(ts, 0, n, t);
        System.arraycopy(more, 0, ts, n, more.length);
        return ts;
    }

    private static DataValue[] args(Type[] types, long... values) {
        DataValue[] vs = new DataValue[types.length];
        for (int i = 0; i < types.length; i++) vs[i] = DataValue.ofInt(types[i], values[i]);
        return vs;
    }

    @Test
    void stackArguments() {
        var b = ModuleImage.builder();
        int i64s = b.function("i64s", Listing.code(A64Samples.STACK_I64), List.of());
        int f64s = b.function("f64s", Listing.code(A64Samples.STACK_F64), List.of());
        int wide = b.function("wide", Listing.code(A64Samples.STACK_I128), List.of());
        int apple = b.function("apple", Listing.code(A64Samples.STACK_APPLE), List.of());
        Type[] ten = repeat(I64, 10);
        Signature tenSig = new Signature(params(ten), List.of(new AbiParam(I64)), CallConv.SYSTEM_V);
        Type[] nineF = repeat(F64, 9);
        DataValue[] nineFArgs = new DataValue[9];
        for (int i = 0; i < 9; i++) nineFArgs[i] = DataValue.ofF64(i * 1.5);
        Type[] wideTypes = repeat(I64, 7, I128, I64);
        Signature wideSig = new Signature(params(wideTypes), List.of(new AbiParam(I128)), CallConv.SYSTEM_V);
        Type[] appleTypes = repeat(I64, 8, I8, I32, Type.I16);
        Signature appleSig = new Signature(params(appleTypes), List.of(new AbiParam(I64)), CallConv.APPLE_AARCH64);
        List<CallOutcome> out = runner.run(b.build(), List.of(
                call(i64s, tenSig, args(ten, 0, 0, 0, 0, 0, 0, 0, 1000, 50, 8)),
                call(f64s, new Signature(params(nineF), List.of(new AbiParam(F64)), CallConv.SYSTEM_V), nineFArgs),
                call(wide, wideSig, args(wideTypes, 1, 2, 3, 4, 5, 6, 7, 40, 2)),
                call(apple, appleSig, args(appleTypes, 0, 0, 0, 0, 0, 0, 0, 0, -1, 100_000, 0xfffe)),
                call(i64s, tenSig, args(ten, 0, 0, 0, 0, 0, 0, 0, -1, 1, 2))));
        assertEquals(1042, returnedLong(out.get(0)));
        assertEquals(12.0 - 10.5, assertInstanceOf(CallOutcome.Returned.class, out.get(1)).values().getFirst().asF64());
        assertEquals(DataValue.ofI128(42, 0), assertInstanceOf(CallOutcome.Returned.class, out.get(2)).values().getFirst());
        assertEquals(-1 + 100_000 + 0xfffe, returnedLong(out.get(3)));
        assertEquals(-2, returnedLong(out.get(4)));
    }

    @Test
    void tailCalleesPopTheirStackArguments() {
        ModuleImage m = ModuleImage.single("pops", Listing.code(A64Samples.CALLEE_POPS), List.of());
        // The tail convention passes integers from x2: seven fill x2..x7 and one stack slot.
        Type[] seven = repeat(I64, 7);
        Type[] nine = repeat(I64, 9);
        Signature tail = new Signature(params(seven), List.of(new AbiParam(I64)), CallConv.TAIL);
        Signature sysv = new Signature(params(nine), List.of(new AbiParam(I64)), CallConv.SYSTEM_V);
        List<CallOutcome> out = runner.run(m, List.of(
                call(0, tail, args(seven, 0, 0, 0, 0, 0, 0, 77)), call(0, sysv, args(nine, 0, 0, 0, 0, 0, 0, 0, 0, 77))));
        assertEquals(77, returnedLong(out.get(0)));
        assertTrue(assertInstanceOf(CallOutcome.Failed.class, out.get(1)).message().contains("sp moved by 16"), out.get(1).toString());
    }

    @Test
    void resultsBeyondRegistersComeFromTheReturnArea() {
        ModuleImage m = ModuleImage.single("sret", Listing.code(A64Samples.SRET_TEN), List.of());
        List<AbiParam> rets = new ArrayList<>();
        for (int i = 0; i < 9; i++) rets.add(new AbiParam(I64));
        rets.add(new AbiParam(Type.I8));
        Signature sig = new Signature(List.of(), rets, CallConv.SYSTEM_V);
        List<DataValue> values = assertInstanceOf(CallOutcome.Returned.class, runner.run(m, List.of(call(0, sig))).getFirst())
                .values();
        assertEquals(List.of(i64(1), i64(0), i64(0), i64(0), i64(0), i64(0), i64(0), i64(2), i64(100), DataValue.ofInt(Type.I8, 7)),
                values);
    }

    @Test
    void emptyBatch() {
        assertEquals(List.of(), runner.run(ModuleImage.single("add", Listing.code(A64Samples.ADD), List.of()), List.of()));
    }
}
