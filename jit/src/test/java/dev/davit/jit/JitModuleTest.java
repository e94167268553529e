package dev.davit.jit;

import dev.davit.codegen.buffer.RelocKind;
import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.DataValue;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.davit.ir.Type.F32;
import static dev.davit.ir.Type.F64;
import static dev.davit.ir.Type.I32;
import static dev.davit.ir.Type.I64;
import static dev.davit.ir.Type.I8;
import static dev.davit.jit.Hex.sig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Non-trapping machine code run in this JVM. */
class JitModuleTest {
    private static final Signature II_I = sig(List.of(I32, I32), I32);
    private static final Signature LL_L = sig(List.of(I64, I64), I64);

    @BeforeEach
    void x86() {
        assumeTrue(Hex.isX86_64Linux(), "x86-64 Linux only");
    }

    private static DataValue i32(long v) { return DataValue.ofInt(I32, v); }

    private static DataValue i64(long v) { return DataValue.ofInt(I64, v); }

    @Test
    void addsTwoInts() {
        try (JitModule m = JitModule.load(ModuleImage.single("add", X86Samples.ADD_I32, List.of()))) {
            assertEquals(42, m.call("add", II_I, i32(40), i32(2)).getFirst().signed());
            assertEquals(Integer.MIN_VALUE, m.call("add", II_I, i32(Integer.MAX_VALUE), i32(1)).getFirst().signed());
        }
    }

    @Test
    void multipliesLongs() {
        try (JitModule m = JitModule.load(ModuleImage.single("mul", X86Samples.MUL_I64, List.of()))) {
            assertEquals(-6_000_000_000L, m.call("mul", LL_L, i64(3_000_000_000L), i64(-2)).getFirst().signed());
        }
    }

    @Test
    void methodHandleIsTyped() throws Throwable {
        try (JitModule m = JitModule.load(ModuleImage.single("add", X86Samples.ADD_I32, List.of()))) {
            MethodHandle h = m.handle(0, II_I);
            assertEquals(7, (int) h.invokeExact(3, 4));
        }
    }

    @Test
    void callsAnotherFunctionOfTheModule() {
        try (JitModule m = JitModule.load(X86Samples.callerCallee())) {
            assertEquals(2, m.functionCount());
            assertEquals(16, m.address(1) - m.address(0));
            assertEquals(30, m.call("twice_sum", II_I, i32(10), i32(5)).getFirst().signed());
        }
    }

    @Test
    void callsLibcThroughAbs8Pointer() {
        try (JitModule m = JitModule.load(X86Samples.absThroughPointer())) {
            assertEquals(17, m.call("call_abs", sig(List.of(I32), I32), i32(-17)).getFirst().signed());
        }
    }

    @Test
    void callsLibcDirectlyAndThroughVeneer() {
        Signature l_l = sig(List.of(I64), I64);
        try (JitModule m = JitModule.load(X86Samples.labsDirect())) {
            assertEquals(1L << 40, m.call("call_labs", l_l, i64(-(1L << 40))).getFirst().signed());
        }
        try (JitModule m = JitModule.load(X86Samples.labsDirect(), java.lang.foreign.Linker.nativeLinker().defaultLookup(), true)) {
            // The call now lands in the veneer after the code, which jumps on to labs.
            int rel = m.memory().code().get(ValueLayout.JAVA_INT_UNALIGNED, 5);
            assertEquals(16, m.address(0) + 9 + rel - m.memory().codeAddress());
            assertEquals(5, m.call("call_labs", l_l, i64(-5)).getFirst().signed());
        }
    }

    @Test
    void callsLibcThroughGotSlot() {
        try (JitModule m = JitModule.load(X86Samples.absThroughGot())) {
            assertEquals(9, m.call("got_abs", sig(List.of(I32), I32), i32(-9)).getFirst().signed());
            assertEquals(m.data().get(ValueLayout.JAVA_LONG, 0),
                    java.lang.foreign.Linker.nativeLinker().defaultLookup().findOrThrow("abs").address());
        }
    }

    @Test
    void readsConstantFromReadOnlyData() {
        try (JitModule m = JitModule.load(X86Samples.constantFromData(0x1122334455667788L))) {
            assertEquals(0x1122334455667788L, m.call("constant", sig(List.of(), I64)).getFirst().signed());
        }
    }

    @Test
    void dividesAndLoads() {
        try (JitModule m = JitModule.load(ModuleImage.single("sdiv", X86Samples.SDIV_I32, List.of()));
             JitModule load = JitModule.load(ModuleImage.single("load", X86Samples.LOAD_I64, List.of()));
             Arena arena = Arena.ofConfined()) {
            assertEquals(-3, m.call("sdiv", II_I, i32(-7), i32(2)).getFirst().signed());
            MemorySegment cell = arena.allocate(ValueLayout.JAVA_LONG);
            cell.set(ValueLayout.JAVA_LONG, 0, -123456789L);
            assertEquals(-123456789L, load.call("load", sig(List.of(I64), I64), i64(cell.address())).getFirst().signed());
        }
    }

    @Test
    void floats() {
        try (JitModule d = JitModule.load(ModuleImage.single("addsd", X86Samples.ADD_F64, List.of()));
             JitModule s = JitModule.load(ModuleImage.single("addss", X86Samples.ADD_F32, List.of()))) {
            assertEquals(4.0, d.call("addsd", sig(List.of(F64, F64), F64), DataValue.ofF64(1.5), DataValue.ofF64(2.5)).getFirst().asF64());
            DataValue r = s.call("addss", sig(List.of(F32, F32), F32), DataValue.ofF32(1.25f), DataValue.ofF32(-3f)).getFirst();
            assertEquals(F32, r.type());
            assertEquals(-1.75f, r.asF32());
        }
    }

    @Test
    void narrowArgumentsAreExtendedAsDeclared() {
        try (JitModule m = JitModule.load(ModuleImage.single("rdi", X86Samples.RDI, List.of()))) {
            Signature uext = new Signature(List.of(new AbiParam(I8, AbiParam.Extension.UEXT, AbiParam.Purpose.NORMAL, 0)),
                    List.of(new AbiParam(I64)), CallConv.SYSTEM_V);
            Signature sext = new Signature(List.of(new AbiParam(I8, AbiParam.Extension.SEXT, AbiParam.Purpose.NORMAL, 0)),
                    List.of(new AbiParam(I64)), CallConv.SYSTEM_V);
            assertEquals(0xff, m.call("rdi", uext, DataValue.ofInt(I8, -1)).getFirst().signed());
            assertEquals(-1, m.call("rdi", sext, DataValue.ofInt(I8, -1)).getFirst().signed());
        }
    }

    @Test
    void unsupportedSignaturesAreReported() {
        Signature two = new Signature(List.of(), List.of(new AbiParam(I32), new AbiParam(I32)), CallConv.SYSTEM_V);
        Signature wide = sig(List.of(Type.I128), I32);
        Signature win = new Signature(List.of(), List.of(), CallConv.WINDOWS_FASTCALL);
        try (JitModule m = JitModule.load(ModuleImage.single("add", X86Samples.ADD_I32, List.of()))) {
            var e = assertThrows(UnsupportedSignatureException.class, () -> m.call(0, two, List.of()));
            assertTrue(e.getMessage().contains("multiple return values"), e.getMessage());
            e = assertThrows(UnsupportedSignatureException.class, () -> m.call(0, wide, List.of(DataValue.ofI128(1, 0))));
            assertTrue(e.getMessage().contains("i128"), e.getMessage());
            assertThrows(UnsupportedSignatureException.class, () -> m.call(0, win, List.of()));
            assertThrows(IllegalArgumentException.class, () -> m.call(0, II_I, List.of(i32(1))));
            assertThrows(IllegalArgumentException.class, () -> m.call(0, II_I, List.of(i32(1), i64(2))));
        }
        assertNull(NativeCall.unsupportedReason(II_I));
    }

    @Test
    void unresolvedSymbolFailsTheLoad() {
        ModuleImage img = ModuleImage.single("f", Hex.bytes("48 b8 00 00 00 00 00 00 00 00 c3"),
                List.of(new Reloc(2, RelocKind.Abs8, new RelocTarget.Symbol("davit_no_such_symbol"), 0)));
        var e = assertThrows(JitException.class, () -> JitModule.load(img));
        assertTrue(e.getMessage().contains("davit_no_such_symbol"));
        // A caller-supplied lookup resolves it.
        try (JitModule m = JitModule.load(img, name -> Optional.of(MemorySegment.ofAddress(0x1234_5678_9abcL)))) {
            assertEquals(0x1234_5678_9abcL, m.call("f", sig(List.of(), I64)).getFirst().signed());
        }
    }

    @Test
    void mappingIsNeverWritableAndExecutable() throws IOException {
        long code, data;
        try (JitModule m = JitModule.load(X86Samples.constantFromData(1))) {
            code = m.memory().codeAddress();
            data = m.memory().dataAddress();
            assertEquals("r-xp", permissions(code));
            assertEquals("r--p", permissions(data));
            assertThrows(IllegalArgumentException.class, () -> m.memory().code().set(ValueLayout.JAVA_BYTE, 0, (byte) 0));
        }
        // Unmapped on close (or reused by someone else, but then not as our r-x mapping).
        assertNotEquals("r-xp", permissions(code));
    }

    @Test
    void writableUntilSealed() throws IOException {
        try (ExecutableMemory mem = ExecutableMemory.allocate(10, 0)) {
            assertEquals("rw-p", permissions(mem.codeAddress()));
            mem.code().set(ValueLayout.JAVA_BYTE, 0, (byte) 0xc3);
            mem.seal();
            assertEquals("r-xp", permissions(mem.codeAddress()));
        }
    }

    @Test
    void closedModuleRefusesUse() {
        JitModule m = JitModule.load(ModuleImage.single("add", X86Samples.ADD_I32, List.of()));
        m.close();
        assertThrows(IllegalStateException.class, () -> m.call("add", II_I, i32(1), i32(2)));
    }

    /** The permission field of the /proc/self/maps line covering {@code addr}, or "unmapped". */
    static String permissions(long addr) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] f = line.split("\\s+");
            String[] range = f[0].split("-");
            long lo = Long.parseUnsignedLong(range[0], 16), hi = Long.parseUnsignedLong(range[1], 16);
            if (Long.compareUnsigned(addr, lo) >= 0 && Long.compareUnsigned(addr, hi) < 0) return f[1];
        }
        return "unmapped";
    }
}
