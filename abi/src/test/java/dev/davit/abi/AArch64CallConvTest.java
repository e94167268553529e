package dev.davit.abi;

import static dev.davit.abi.Sigs.*;
import static dev.davit.ir.Type.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class AArch64CallConvTest {
    private final AArch64CallConv a64 = new AArch64CallConv(AbiFlags.DEFAULT);
    private final AArch64CallConv multiRet = new AArch64CallConv(new AbiFlags(false, true, false));

    @Test
    void aapcsUsesEightRegistersPerClass() {
        List<AbiParam> params = of(I32, F64, I64, F32);
        params.addAll(repeat(I64, 8));
        params.addAll(repeat(F32, 7));
        AbiSig s = a64.compute(sig(CallConv.SYSTEM_V, params, List.of()));
        List<String> locs = Sigs.params(s);
        assertEquals(List.of("x0", "v0", "x1", "v1", "x2", "x3", "x4", "x5", "x6", "x7", "stack+0", "stack+8"),
                locs.subList(0, 12));
        // v2..v7 then the stack; a float on the stack still takes 8 bytes (C.5)
        assertEquals(List.of("v2", "v3", "v4", "v5", "v6", "v7", "stack+16"), locs.subList(12, 19));
        assertEquals(32, s.stackArgBytes());
    }

    @Test
    void i128StartsAtAnEvenRegisterExceptOnApple() {
        var sig = of(I64, I128, I64);
        AbiSig s = a64.compute(sig(CallConv.SYSTEM_V, sig, of(I128)));
        // AAPCS64 C.8/C.9: rounded up to x2, low half in x2
        assertEquals(List.of("x0", "[x2, x3]", "x4"), Sigs.params(s));
        assertEquals(List.of("[x0, x1]"), Sigs.returns(s));
        s = a64.compute(sig(CallConv.APPLE_AARCH64, sig, of(I128)));
        assertEquals(List.of("x0", "[x1, x2]", "x3"), Sigs.params(s));
    }

    @Test
    void i128ThatDoesNotFitEndsRegisterUse() {
        List<AbiParam> params = repeat(I64, 7);
        params.add(p(I128));
        params.add(p(I64));
        params.add(p(F64));
        AbiSig s = a64.compute(sig(CallConv.SYSTEM_V, params, List.of()));
        // C.11: NGRN := 8 once an integer argument went to memory; C.12: 16-byte aligned NSAA
        assertEquals(List.of("x6", "stack+0", "stack+16", "v0"), Sigs.params(s).subList(6, 10));
        assertEquals(16, s.paramStackBytes(7));
        assertEquals(32, s.stackArgBytes());
    }

    @Test
    void appleAndAapcsStackPackingOfSmallArguments() {
        // Apple, "Writing ARM64 code for Apple platforms": two_stack_args(char w0..w7, char s0,
        // char s1) puts s0 at [sp] and s1 at [sp, #1].
        List<AbiParam> params = repeat(I8, 10);
        AbiSig apple = a64.compute(sig(CallConv.APPLE_AARCH64, params, List.of()));
        assertEquals(List.of("stack+0", "stack+1"), Sigs.params(apple).subList(8, 10));
        assertEquals(1, apple.paramStackBytes(8));
        // AAPCS64 C.14: every stack argument is at least 8 bytes
        AbiSig aapcs = a64.compute(sig(CallConv.SYSTEM_V, params, List.of()));
        assertEquals(List.of("stack+0", "stack+8"), Sigs.params(aapcs).subList(8, 10));

        params = repeat(I64, 8);
        params.addAll(of(I8, I16, I32, I8, I64, F32, F64, Type.F32.by(4)));
        apple = a64.compute(sig(CallConv.APPLE_AARCH64, params, List.of()));
        assertEquals(List.of("stack+0", "stack+2", "stack+4", "stack+8", "stack+16"), Sigs.params(apple).subList(8, 13));
        assertEquals(32, apple.stackArgBytes());
        aapcs = a64.compute(sig(CallConv.SYSTEM_V, params, List.of()));
        assertEquals(List.of("stack+0", "stack+8", "stack+16", "stack+24", "stack+32"), Sigs.params(aapcs).subList(8, 13));
        assertEquals(48, aapcs.stackArgBytes());
    }

    @Test
    void extensionsOnlyOnApple() {
        var params = of(ext(I8, AbiParam.Extension.SEXT), ext(I16, AbiParam.Extension.UEXT));
        AbiSig aapcs = a64.compute(sig(CallConv.SYSTEM_V, params, List.of()));
        assertEquals(AbiParam.Extension.NONE, aapcs.paramExtension(0));
        AbiSig apple = a64.compute(sig(CallConv.APPLE_AARCH64, params, List.of()));
        assertEquals(AbiParam.Extension.SEXT, apple.paramExtension(0));
        assertEquals(AbiParam.Extension.UEXT, apple.paramExtension(1));
    }

    @Test
    void returnAreaAndStructReturnUseX8() {
        List<AbiParam> rets = repeat(I64, 9);
        assertThrows(UnsupportedAbiException.class, () -> a64.compute(sig(CallConv.SYSTEM_V, of(I64), rets)));
        AbiSig s = multiRet.compute(sig(CallConv.SYSTEM_V, of(I64), rets));
        assertEquals("stack+0", Sigs.returns(s).get(8));
        assertEquals("x8", AbiLocation.toString(s.returnAreaPointer(), s::regName));
        // x8 is not an argument register, so the arguments do not move
        assertEquals(List.of("x0"), Sigs.params(s));
        assertEquals(16, s.stackRetBytes());

        s = a64.compute(sig(CallConv.SYSTEM_V, of(I64, sret()), List.of()));
        assertEquals(List.of("x0", "x8"), Sigs.params(s));
        assertEquals(AbiLocation.NONE, s.structReturnReturn());
        assertThrows(UnsupportedAbiException.class, () -> multiRet.compute(sig(CallConv.SYSTEM_V, of(sret()), rets)));
        assertThrows(UnsupportedAbiException.class, () -> a64.compute(sig(CallConv.SYSTEM_V, of(sarg(16)), List.of())));
    }

    @Test
    void appleReturnAreaIsPacked() {
        List<AbiParam> rets = repeat(I64, 8);
        rets.addAll(of(I8, I8, I32));
        AbiSig s = multiRet.compute(sig(CallConv.APPLE_AARCH64, List.of(), rets));
        assertEquals(List.of("stack+0", "stack+1", "stack+4"), Sigs.returns(s).subList(8, 11));
        assertEquals(16, s.stackRetBytes());
    }

    @Test
    void tailConventionStartsAtX2AndPopsItsArguments() {
        List<AbiParam> params = repeat(I64, 7);
        AbiSig s = a64.compute(sig(CallConv.TAIL, params, of(I64, F64)));
        assertEquals(List.of("x2", "x3", "x4", "x5", "x6", "x7", "stack+0"), Sigs.params(s));
        assertEquals(List.of("x2", "v0"), Sigs.returns(s));
        assertEquals(16, s.calleePopBytes());
    }

    @Test
    void registerSets() {
        AbiSig s = a64.compute(sig(CallConv.SYSTEM_V, of(I64), of(I64)));
        RegSet callee = s.calleeSaved();
        assertEquals(RegSet.range(Regs.INT, 19, 28).union(RegSet.range(Regs.FLOAT, 8, 15)), callee);
        assertEquals(8, s.floatSaveBytes());
        assertFalse(s.callClobbers().contains(AArch64CallConv.xreg(0)));
        assertTrue(s.callClobbers().contains(AArch64CallConv.xreg(17)));
        assertTrue(s.callClobbers().contains(AArch64CallConv.vreg(8)), "upper halves of v8-v15 are clobbered");
        assertFalse(s.callClobbers().contains(AArch64CallConv.X18));
        assertFalse(new AArch64CallConv(new AbiFlags(false, false, true)).compute(s.signature())
                .calleeSaved().contains(AArch64CallConv.PINNED));

        AbiSig pa = a64.compute(sig(CallConv.PRESERVE_ALL, of(I64), of(I64)));
        assertEquals(RegSet.of(AArch64CallConv.X16, AArch64CallConv.X17), pa.callerSaved());
        assertFalse(pa.calleeSaved().contains(AArch64CallConv.xreg(0)));
        assertTrue(pa.calleeSaved().contains(AArch64CallConv.xreg(1)));
        assertTrue(pa.calleeSaved().contains(AArch64CallConv.vreg(31)));
        assertEquals(16, pa.floatSaveBytes());
    }

    @Test
    void names() {
        assertEquals("x0", a64.regName(AArch64CallConv.xreg(0)));
        assertEquals("fp", a64.regName(AArch64CallConv.FP));
        assertEquals("v31", a64.regName(AArch64CallConv.vreg(31)));
        assertThrows(UnsupportedAbiException.class, () -> a64.compute(sig(CallConv.WINDOWS_FASTCALL, List.of(), List.of())));
        assertInstanceOf(AArch64CallConv.class, CallingConvention.forIsa("aarch64", AbiFlags.DEFAULT));
        assertInstanceOf(X64CallConv.class, CallingConvention.forIsa("x86_64", AbiFlags.DEFAULT));
    }
}
