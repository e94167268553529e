package dev.davit.jit.isolated;

import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.jit.Hex;
import dev.davit.jit.JitException;
import dev.davit.jit.ModuleImage;
import dev.davit.jit.Reloc;
import dev.davit.codegen.buffer.RelocKind;
import dev.davit.jit.RelocTarget;
import dev.davit.jit.UnsupportedSignatureException;
import dev.davit.jit.X86Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

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

/** Every sample, trapping or not, through the worker process; one executor shared by the class. */
class IsolatedExecutorTest {
    private static final Signature II_I = sig(List.of(I32, I32), I32);
    private static final Signature V_I = sig(List.of(), I32);
    private static IsolatedExecutor ex;

    @BeforeAll
    static void start() {
        assumeTrue(Hex.isX86_64Linux(), "x86-64 Linux only");
        ex = new IsolatedExecutor(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (ex != null) ex.close();
    }

    private static DataValue i32(long v) { return DataValue.ofInt(I32, v); }

    private static DataValue i64(long v) { return DataValue.ofInt(I64, v); }

    private static long returned(CallOutcome o) {
        var r = assertInstanceOf(CallOutcome.Returned.class, o, () -> "outcome " + o);
        return r.values().getFirst().signed();
    }

    private static void assertTrapped(int signal, CallOutcome o) {
        var t = assertInstanceOf(CallOutcome.Trapped.class, o, () -> "outcome " + o);
        assertEquals(signal, t.signal(), () -> "outcome " + o);
        assertEquals(Signals.name(signal), t.name());
    }

    private static IsolatedExecutor.Module single(String name, byte[] code) {
        return ex.load(ModuleImage.single(name, code, List.of()));
    }

    @Test
    void nonTrappingSamples() {
        assertEquals(42, returned(single("add", X86Samples.ADD_I32).call("add", II_I, i32(40), i32(2))));
        assertEquals(-6, returned(single("mul", X86Samples.MUL_I64).call("mul", sig(List.of(I64, I64), I64), i64(3), i64(-2))));
        assertEquals(3, returned(single("sdiv", X86Samples.SDIV_I32).call("sdiv", II_I, i32(7), i32(2))));
        assertEquals(30, returned(ex.load(X86Samples.callerCallee()).call("twice_sum", II_I, i32(10), i32(5))));
        assertEquals(17, returned(ex.load(X86Samples.absThroughPointer()).call("call_abs", sig(List.of(I32), I32), i32(-17))));
        assertEquals(8, returned(ex.load(X86Samples.labsDirect()).call("call_labs", sig(List.of(I64), I64), i64(-8))));
        assertEquals(9, returned(ex.load(X86Samples.absThroughGot()).call("got_abs", sig(List.of(I32), I32), i32(-9))));
        assertEquals(77, returned(ex.load(X86Samples.constantFromData(77)).call("constant", sig(List.of(), I64))));
        var f = assertInstanceOf(CallOutcome.Returned.class, single("addsd", X86Samples.ADD_F64)
                .call("addsd", sig(List.of(F64, F64), F64), DataValue.ofF64(0.5), DataValue.ofF64(0.25)));
        assertEquals(0.75, f.values().getFirst().asF64());
        var v = assertInstanceOf(CallOutcome.Returned.class, ex.load(X86Samples.callerCallee())
                .call(0, sig(List.of(I32, I32), null), List.of(i32(1), i32(2))));
        assertEquals(List.of(), v.values());
    }

    @Test
    void ud2IsSigill() {
        IsolatedExecutor.Module add = single("add", X86Samples.ADD_I32);
        int before = ex.workersStarted();
        assertTrapped(Signals.SIGILL, single("ud2", X86Samples.UD2).call("ud2", V_I));
        // The next call gets a fresh worker, with the earlier module loaded again.
        assertEquals(5, returned(add.call("add", II_I, i32(2), i32(3))));
        assertEquals(before + 1, ex.workersStarted());
    }

    @Test
    void nullLoadIsSigsegv() {
        assertTrapped(Signals.SIGSEGV, single("load", X86Samples.LOAD_I64).call("load", sig(List.of(I64), I64), i64(0)));
    }

    @Test
    void divisionByZeroIsSigfpe() {
        IsolatedExecutor.Module m = single("sdiv", X86Samples.SDIV_I32);
        assertTrapped(Signals.SIGFPE, m.call("sdiv", II_I, i32(1), i32(0)));
        // INT_MIN / -1 overflows: also #DE.
        assertTrapped(Signals.SIGFPE, m.call("sdiv", II_I, i32(Integer.MIN_VALUE), i32(-1)));
        assertEquals(-4, returned(m.call("sdiv", II_I, i32(-8), i32(2))));
    }

    @Test
    void int3IsSigtrap() {
        assertTrapped(Signals.SIGTRAP, single("int3", X86Samples.INT3).call("int3", V_I));
    }

    @Test
    void endlessRecursionIsSigsegv() {
        assertTrapped(Signals.SIGSEGV, single("recurse", X86Samples.RECURSE).call("recurse", V_I));
    }

    @Test
    void endlessLoopTimesOutAndWorkerIsReplaced() {
        try (IsolatedExecutor quick = new IsolatedExecutor(Duration.ofSeconds(2))) {
            IsolatedExecutor.Module spin = quick.load(ModuleImage.single("spin", X86Samples.SPIN, List.of()));
            long pid = quick.workerPid();
            var o = assertInstanceOf(CallOutcome.TimedOut.class, spin.call("spin", V_I));
            assertEquals(Duration.ofSeconds(2), o.limit());
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "stuck worker killed");
            IsolatedExecutor.Module add = quick.load(ModuleImage.single("add", X86Samples.ADD_I32, List.of()));
            assertEquals(3, returned(add.call("add", II_I, i32(1), i32(2))));
            assertEquals(2, quick.workersStarted());
        }
    }

    @Test
    void withoutChainedHandlersTrapsAreReadFromHotSpotsReport() {
        var opts = IsolatedExecutor.Options.defaults().withCallTimeout(Duration.ofSeconds(20)).withTrapHandlers(false);
        try (IsolatedExecutor plain = new IsolatedExecutor(opts)) {
            IsolatedExecutor.Module m = plain.load(ModuleImage.single("ud2", X86Samples.UD2, List.of()));
            assertTrapped(Signals.SIGILL, m.call("ud2", V_I));
        }
    }

    @Test
    void handlersAreInstalled() throws Exception {
        assertTrue(ex.trapHandlersInstalled());
    }

    @Test
    void loadErrorsAndUnsupportedCalls() {
        ModuleImage bad = ModuleImage.single("f", Hex.bytes("48 b8 00 00 00 00 00 00 00 00 c3"),
                List.of(new Reloc(2, RelocKind.Abs8, new RelocTarget.Symbol("davit_no_such_symbol"), 0)));
        var e = assertThrows(JitException.class, () -> ex.load(bad));
        assertTrue(e.getMessage().contains("davit_no_such_symbol"), e.getMessage());
        IsolatedExecutor.Module add = single("add", X86Samples.ADD_I32);
        assertThrows(UnsupportedSignatureException.class, () -> add.call(0, sig(List.of(I128), I32), List.of(DataValue.ofI128(1, 2))));
        assertThrows(IllegalArgumentException.class, () -> add.call(0, II_I, List.of(i32(1))));
        assertEquals(2, returned(add.call("add", II_I, i32(1), i32(1))));
    }

    /**
     * (i64 out, i32 a, i32 b): stores a + b at out, all ones at out+16 and sign-extended b at
     * out+40 (the high half of the third slot), leaving out+32 as the worker zeroed it. Writes
     * three slots, so every call must ask for three results: a smaller buffer would be overrun.
     */
    private static final byte[] STORE_RESULTS = Hex.bytes(
            "8d 04 16"                    // lea eax, [rsi+rdx]
            + " 48 89 07"                 // mov [rdi], rax
            + " 48 c7 47 10 ff ff ff ff"  // mov qword [rdi+16], -1
            + " 48 63 c2"                 // movsxd rax, edx
            + " 48 89 47 28"              // mov [rdi+40], rax
            + " c3");                     // ret
    private static final Signature OUT_II = sig(List.of(I64, I32, I32), null);

    @Test
    void resultBufferCallReadsResultsWithTheirTypes() {
        IsolatedExecutor.Module m = single("store", STORE_RESULTS);
        var r = assertInstanceOf(CallOutcome.Returned.class,
                m.callWithResultBuffer(0, OUT_II, List.of(i32(40), i32(-3)), List.of(I32, I8, I128)));
        assertEquals(List.of(i32(37), DataValue.ofInt(I8, -1), DataValue.ofI128(0, -3)), r.values());
        // A type narrower than what was stored keeps only its width, as a returned register would.
        var narrow = assertInstanceOf(CallOutcome.Returned.class,
                m.callWithResultBuffer(0, OUT_II, List.of(i32(1), i32(2)), List.of(I8, I64, I64)));
        assertEquals(List.of(DataValue.ofInt(I8, 3), i64(-1), i64(0)), narrow.values());
        // Plain calls on the same module keep working alongside.
        assertEquals(42, returned(single("add", X86Samples.ADD_I32).call("add", II_I, i32(40), i32(2))));
    }

    @Test
    void resultBufferCallTrapsLikeAnyCall() {
        IsolatedExecutor.Module m = single("ud2", X86Samples.UD2);
        assertTrapped(Signals.SIGILL, m.callWithResultBuffer(0, sig(List.of(I64), null), List.of(), List.of(I32, I32)));
        var r = assertInstanceOf(CallOutcome.Returned.class,
                single("store", STORE_RESULTS).callWithResultBuffer(0, OUT_II, List.of(i32(2), i32(5)), List.of(I64, I32, I128)));
        assertEquals(List.of(i64(7), i32(-1), DataValue.ofI128(0, 5)), r.values());
    }

    @Test
    void resultBufferCallChecksItsSignature() {
        IsolatedExecutor.Module m = single("store", STORE_RESULTS);
        assertThrows(IllegalArgumentException.class,
                () -> m.callWithResultBuffer(0, sig(List.of(I32, I32), null), List.of(i32(1)), List.of(I32)));
        assertThrows(IllegalArgumentException.class,
                () -> m.callWithResultBuffer(0, sig(List.of(I64, I32, I32), I32), List.of(i32(1), i32(2)), List.of(I32)));
        assertThrows(IllegalArgumentException.class,
                () -> m.callWithResultBuffer(0, OUT_II, List.of(i32(1)), List.of(I32)));
    }
}
