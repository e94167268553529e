package dev.davit.abi;

import static dev.davit.abi.Sigs.*;
import static dev.davit.ir.Type.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class X64CallConvTest {
    private final X64CallConv x64 = new X64CallConv(AbiFlags.DEFAULT);
    private final X64CallConv multiRet = new X64CallConv(new AbiFlags(false, true, false));

    @Test
    void sysvMixesClassesIndependently() {
        // psABI §3.2.3: INTEGER and SSE arguments take registers of their own class in order.
        List<AbiParam> params = of(I32, F64, I64, F32);
        params.addAll(repeat(I64, 6));
        AbiSig s = x64.compute(sig(CallConv.SYSTEM_V, params, List.of()));
        assertEquals(List.of("rdi", "xmm0", "rsi", "xmm1", "rdx", "rcx", "r8", "r9", "stack+0", "stack+8"), Sigs.params(s));
        assertEquals(16, s.stackArgBytes());
        assertEquals(8, s.paramStackBytes(8));
        assertEquals(0, s.paramStackBytes(0));
        assertFalse(s.hasReturnArea());
    }

    @Test
    void sysvFloatsOverflowAfterEightAndKeepAlignment() {
        List<AbiParam> params = repeat(F64, 8);
        params.add(p(F32));
        params.add(p(Type.I32.by(4)));
        AbiSig s = x64.compute(sig(CallConv.SYSTEM_V, params, List.of()));
        assertEquals("xmm7", Sigs.params(s).get(7));
        assertEquals("stack+0", Sigs.params(s).get(8));
        // an __m128 in memory is 16-byte aligned (psABI §3.2.3)
        assertEquals("stack+16", Sigs.params(s).get(9));
        assertEquals(32, s.stackArgBytes());
    }

    @Test
    void fastIsSystemV() {
        List<AbiParam> params = of(I32, F64, I64, F32, I128);
        AbiSig a = x64.compute(sig(CallConv.SYSTEM_V, params, of(I64)));
        AbiSig b = x64.compute(sig(CallConv.FAST, params, of(I64)));
        assertEquals(Sigs.params(a), Sigs.params(b));
        assertEquals(Sigs.returns(a), Sigs.returns(b));
        assertEquals(a.callClobbers(), b.callClobbers());
        assertEquals(a.calleeSaved(), b.calleeSaved());
    }

    @Test
    void returnsInRaxRdxAndXmm0Xmm1() {
        AbiSig s = x64.compute(sig(CallConv.SYSTEM_V, List.of(), of(I64, F64, I32, F32)));
        assertEquals(List.of("rax", "xmm0", "rdx", "xmm1"), Sigs.returns(s));
        // return registers are definitions of the call, not clobbers
        assertFalse(s.callClobbers().contains(X64CallConv.RAX));
        assertTrue(s.callClobbers().contains(X64CallConv.RCX));
        assertTrue(s.callerSaved().contains(X64CallConv.RAX));
    }

    @Test
    void i128InRegisterPairsAndAlignedOnStack() {
        AbiSig s = x64.compute(sig(CallConv.SYSTEM_V, of(I128, I64, I128), of(I128)));
        assertEquals(List.of("[rdi, rsi]", "rdx", "[rcx, r8]"), Sigs.params(s));
        assertEquals(List.of("[rax, rdx]"), Sigs.returns(s));

        // five i64 leave only r9: the i128 goes whole to memory, 16-byte aligned, and (as in
        // Cranelift) r9 is not used by a later argument either.
        List<AbiParam> params = repeat(I64, 5);
        params.add(p(I128));
        params.add(p(I64));
        s = x64.compute(sig(CallConv.SYSTEM_V, params, List.of()));
        assertEquals(List.of("rdi", "rsi", "rdx", "rcx", "r8", "stack+0", "stack+16"), Sigs.params(s));
        assertEquals(16, s.paramStackBytes(5));
        assertEquals(32, s.stackArgBytes());

        params = repeat(I64, 7);
        params.add(p(I128));
        s = x64.compute(sig(CallConv.SYSTEM_V, params, List.of()));
        assertEquals("stack+0", Sigs.params(s).get(6));
        assertEquals("stack+16", Sigs.params(s).get(7));
    }

    @Test
    void thirdIntegerReturnNeedsLlvmExtensionsOrReturnArea() {
        var sig = sig(CallConv.SYSTEM_V, of(I64), of(I64, I64, I64));
        assertThrows(UnsupportedAbiException.class, () -> x64.compute(sig));
        AbiSig llvm = new X64CallConv(new AbiFlags(true, false, false)).compute(sig);
        assertEquals(List.of("rax", "rdx", "rcx"), Sigs.returns(llvm));

        AbiSig s = multiRet.compute(sig);
        assertEquals(List.of("rax", "rdx", "stack+0"), Sigs.returns(s));
        assertEquals(16, s.stackRetBytes());
        // the return-area pointer is the hidden first argument, so the real one moves to rsi
        assertEquals("rdi", AbiLocation.toString(s.returnAreaPointer(), s::regName));
        assertEquals(List.of("rsi"), Sigs.params(s));
        assertEquals(0, s.returnAreaOffset());
        assertEquals(16, s.outgoingAreaBytes());
    }

    @Test
    void manyReturnsGoToTheReturnArea() {
        List<AbiParam> rets = repeat(I64, 3);
        rets.addAll(repeat(F64, 3));
        rets.add(p(I128));
        rets.add(p(I8));
        AbiSig s = multiRet.compute(sig(CallConv.SYSTEM_V, List.of(), rets));
        assertEquals(List.of("rax", "rdx", "stack+0", "xmm0", "xmm1", "stack+8", "stack+16", "stack+32"), Sigs.returns(s));
        assertEquals(48, s.stackRetBytes());
    }

    @Test
    void structReturnPointer() {
        // sret is an ordinary first argument (rdi) and comes back in rax (psABI §3.2.3).
        AbiSig s = x64.compute(sig(CallConv.SYSTEM_V, of(sret(), I64), List.of()));
        assertEquals(List.of("rdi", "rsi"), Sigs.params(s));
        assertEquals(0, s.structReturnParam());
        assertEquals("rax", AbiLocation.toString(s.structReturnReturn(), s::regName));
        // the handed-back pointer is not a CLIF result, so rax stays a clobber
        assertTrue(s.callClobbers().contains(X64CallConv.RAX));
        // like Cranelift, a real return value comes after the hidden one
        s = x64.compute(sig(CallConv.SYSTEM_V, of(sret()), of(I64)));
        assertEquals(List.of("rdx"), Sigs.returns(s));
    }

    @Test
    void structArgumentsAreCopiedToTheStack() {
        AbiSig s = x64.compute(sig(CallConv.SYSTEM_V, of(I64, sarg(24), I64, sarg(8)), List.of()));
        assertEquals(List.of("rdi", "sarg@stack+0", "rsi", "sarg@stack+24"), Sigs.params(s));
        assertEquals(24, s.paramStackBytes(1));
        assertEquals(32, s.stackArgBytes());
        assertThrows(UnsupportedAbiException.class, () -> x64.compute(sig(CallConv.SYSTEM_V, of(sarg(12)), List.of())));
    }

    @Test
    void windowsAssignsByPositionWithShadowSpace() {
        // Microsoft x64 calling convention, "Parameter passing" examples:
        // func1(int a, int b, int c, int d, int e, int f): a-d in rcx, rdx, r8, r9; e, f on the stack
        // above the 32-byte shadow space.
        AbiSig s = x64.compute(sig(CallConv.WINDOWS_FASTCALL, repeat(I32, 6), List.of()));
        assertEquals(List.of("rcx", "rdx", "r8", "r9", "stack+32", "stack+40"), Sigs.params(s));
        assertEquals(48, s.stackArgBytes());
        // func2(int a, double b, int c, float d, int e, int f): b in xmm1, d in xmm3.
        s = x64.compute(sig(CallConv.WINDOWS_FASTCALL, of(I32, F64, I32, F32, I32, I32), List.of()));
        assertEquals(List.of("rcx", "xmm1", "r8", "xmm3", "stack+32", "stack+40"), Sigs.params(s));
        // even without arguments the caller reserves the shadow space
        s = x64.compute(sig(CallConv.WINDOWS_FASTCALL, List.of(), List.of()));
        assertEquals(32, s.stackArgBytes());
    }

    @Test
    void windowsPassesWideValuesByReference() {
        // func3(__m128 a, ...): a 16-byte value goes by reference; the copy sits after the slots.
        Type v = Type.I32.by(4);
        AbiSig s = x64.compute(sig(CallConv.WINDOWS_FASTCALL, of(v, I64, F64, I64, v), List.of()));
        assertEquals(List.of("*rcx", "rdx", "xmm2", "r9", "*stack+32"), Sigs.params(s));
        assertEquals(48, s.paramBuffer(0));
        assertEquals(64, s.paramBuffer(4));
        assertEquals(-1, s.paramBuffer(1));
        assertEquals(80, s.stackArgBytes());
        s = x64.compute(sig(CallConv.WINDOWS_FASTCALL, of(I128), of(I128, F64)));
        assertEquals(List.of("*rcx"), Sigs.params(s));
        assertEquals(List.of("[rax, rdx]", "xmm0"), Sigs.returns(s));
    }

    @Test
    void windowsRegisterSets() {
        AbiSig s = x64.compute(sig(CallConv.WINDOWS_FASTCALL, of(I64), of(I64)));
        RegSet callee = s.calleeSaved();
        assertTrue(callee.contains(X64CallConv.RSI));
        assertTrue(callee.contains(X64CallConv.RDI));
        assertTrue(callee.contains(X64CallConv.xmm(6)));
        assertFalse(callee.contains(X64CallConv.xmm(5)));
        assertTrue(s.callerSaved().contains(X64CallConv.xmm(5)));
        assertFalse(s.callerSaved().contains(X64CallConv.RSI));
        assertEquals(0, s.callerSaved().intersect(callee).size());
    }

    @Test
    void extensionsAreKept() {
        AbiSig s = x64.compute(sig(CallConv.SYSTEM_V, of(ext(I8, AbiParam.Extension.SEXT), ext(I16, AbiParam.Extension.UEXT)),
                of(ext(I8, AbiParam.Extension.UEXT))));
        assertEquals(AbiParam.Extension.SEXT, s.paramExtension(0));
        assertEquals(AbiParam.Extension.UEXT, s.paramExtension(1));
        assertEquals(AbiParam.Extension.UEXT, s.returnExtension(0));
    }

    @Test
    void tailConvention() {
        List<AbiParam> params = repeat(I64, 8);
        List<AbiParam> rets = repeat(I64, 8);
        rets.addAll(repeat(F64, 8));
        AbiSig s = x64.compute(sig(CallConv.TAIL, params, rets));
        assertEquals(List.of("rdi", "rsi", "rdx", "rcx", "r8", "r9", "stack+0", "stack+8"), Sigs.params(s));
        assertEquals(List.of("rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10"), Sigs.returns(s).subList(0, 8));
        assertEquals("xmm7", Sigs.returns(s).get(15));
        // the callee pops its stack arguments
        assertEquals(16, s.calleePopBytes());
        assertEquals(0, x64.compute(sig(CallConv.SYSTEM_V, params, List.of())).calleePopBytes());
        assertEquals(x64.calleeSaved(CallConv.SYSTEM_V), s.calleeSaved());
    }

    @Test
    void preserveAllClobbersNothing() {
        AbiSig s = x64.compute(sig(CallConv.PRESERVE_ALL, of(I64, F64), of(I64)));
        assertEquals(List.of("rdi", "xmm0"), Sigs.params(s));
        assertTrue(s.callerSaved().isEmpty());
        assertTrue(s.callClobbers().isEmpty());
        RegSet callee = s.calleeSaved();
        assertFalse(callee.contains(X64CallConv.RAX), "rax carries the result");
        assertTrue(callee.contains(X64CallConv.RDI));
        assertTrue(callee.contains(X64CallConv.R11));
        assertTrue(callee.contains(X64CallConv.xmm(0)));
        assertFalse(callee.contains(X64CallConv.RSP));
        assertFalse(callee.contains(X64CallConv.RBP));
    }

    @Test
    void pinnedRegisterIsNotCalleeSaved() {
        var sig = sig(CallConv.SYSTEM_V, List.of(), List.of());
        assertTrue(x64.compute(sig).calleeSaved().contains(X64CallConv.R15));
        assertFalse(new X64CallConv(new AbiFlags(false, false, true)).compute(sig).calleeSaved().contains(X64CallConv.R15));
    }

    @Test
    void unsupportedConventionsAndTypes() {
        assertThrows(UnsupportedAbiException.class, () -> x64.compute(sig(CallConv.APPLE_AARCH64, List.of(), List.of())));
        assertThrows(UnsupportedAbiException.class, () -> x64.compute(sig(CallConv.WINCH, List.of(), List.of())));
        assertThrows(UnsupportedAbiException.class, () -> x64.compute(sig(CallConv.SYSTEM_V, of(Type.I32.by(8)), List.of())));
        assertThrows(UnsupportedAbiException.class,
                () -> x64.compute(sig(CallConv.SYSTEM_V, of(Type.I32.by(4).toDynamic()), List.of())));
    }

    @Test
    void toStringNamesRegisters() {
        AbiSig s = multiRet.compute(sig(CallConv.TAIL, of(I64, I64), of(I128)));
        assertEquals("(rdi, rsi) -> ([rax, rcx]) tail args=0", s.toString());
        List<String> names = new ArrayList<>();
        for (int p : RegSet.of(X64CallConv.R12, X64CallConv.xmm(3)).toArray()) names.add(x64.regName(p));
        assertEquals(List.of("r12", "xmm3"), names);
    }
}
