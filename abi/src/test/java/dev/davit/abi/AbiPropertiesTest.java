package dev.davit.abi;

import static org.junit.jupiter.api.Assertions.*;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of lowered signatures over random signatures, for every convention of both ISAs. */
class AbiPropertiesTest {
    private static final AbiFlags FLAGS = new AbiFlags(true, true, false);
    private static final X64CallConv X64 = new X64CallConv(FLAGS);
    private static final AArch64CallConv A64 = new AArch64CallConv(FLAGS);

    private static final Type[] TYPES = {
        Type.I8, Type.I16, Type.I32, Type.I64, Type.I128, Type.F32, Type.F64, Type.F128,
        Type.I32.by(4), Type.F64.by(2), Type.I8.by(8)
    };

    private static Arbitrary<AbiParam> plainParam() {
        return Combinators.combine(Arbitraries.of(TYPES), Arbitraries.of(AbiParam.Extension.values()))
                .as((t, e) -> new AbiParam(t, t.isInt() && t.bits() < 64 ? e : AbiParam.Extension.NONE,
                        AbiParam.Purpose.NORMAL, 0));
    }

    private static Arbitrary<AbiParam> param(boolean withSarg) {
        if (!withSarg) return plainParam();
        Arbitrary<AbiParam> sarg = Arbitraries.of(8, 16, 24, 40)
                .map(n -> new AbiParam(Type.I64, AbiParam.Extension.NONE, AbiParam.Purpose.STRUCT_ARGUMENT, n));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, plainParam()), net.jqwik.api.Tuple.of(1, sarg));
    }

    private static Arbitrary<Signature> sigs(boolean x64, CallConv... convs) {
        Arbitrary<List<AbiParam>> params = param(x64).list().ofMaxSize(24);
        Arbitrary<List<AbiParam>> rets = plainParam().list().ofMaxSize(20);
        return Combinators.combine(params, rets, Arbitraries.of(convs), Arbitraries.integers().between(0, 9))
                .as((p, r, cc, dice) -> {
                    List<AbiParam> ps = new ArrayList<>(p);
                    if (dice == 0) {
                        ps.add(0, new AbiParam(Type.I64, AbiParam.Extension.NONE, AbiParam.Purpose.STRUCT_RETURN, 0));
                    }
                    return new Signature(ps, r, cc);
                });
    }

    @Provide
    Arbitrary<Signature> x64Sigs() {
        return sigs(true, CallConv.SYSTEM_V, CallConv.FAST, CallConv.TAIL, CallConv.WINDOWS_FASTCALL, CallConv.PRESERVE_ALL);
    }

    @Provide
    Arbitrary<Signature> a64Sigs() {
        return sigs(false, CallConv.SYSTEM_V, CallConv.FAST, CallConv.TAIL, CallConv.APPLE_AARCH64, CallConv.PRESERVE_ALL);
    }

    @Property(tries = 500)
    void x64LocationsAreDisjointAndAligned(@ForAll("x64Sigs") Signature sig) {
        check(X64, sig);
    }

    @Property(tries = 500)
    void aarch64LocationsAreDisjointAndAligned(@ForAll("a64Sigs") Signature sig) {
        AbiSig s;
        try {
            s = A64.compute(sig);
        } catch (UnsupportedAbiException e) {
            // the one refusal the generator can hit: sret plus a return area would both need x8
            assertTrue(sig.params().get(0).purpose() == AbiParam.Purpose.STRUCT_RETURN, e.getMessage());
            return;
        }
        check(A64, sig, s);
    }

    private static void check(CallingConvention conv, Signature sig) {
        check(conv, sig, conv.compute(sig));
    }

    private static void check(CallingConvention conv, Signature sig, AbiSig s) {
        CallConv cc = sig.callConv();
        boolean apple = cc == CallConv.APPLE_AARCH64;
        boolean win = cc == CallConv.WINDOWS_FASTCALL;
        assertEquals(sig.params().size(), s.paramCount());
        assertEquals(sig.returns().size(), s.returnCount());

        // --- parameters: registers ---
        List<Integer> regs = new ArrayList<>();
        addRegs(regs, s.returnAreaPointer());
        for (int i = 0; i < s.paramCount(); i++) {
            int loc = s.paramLoc(i);
            assertNotEquals(AbiLocation.NONE, loc);
            addRegs(regs, loc);
            Type t = sig.params().get(i).type();
            int k = AbiLocation.kind(loc);
            if (k == AbiLocation.REG) {
                int expected = t.isInt() ? Regs.INT : Regs.FLOAT;
                assertEquals(expected, Regs.cls(AbiLocation.preg(loc)), "class of " + t);
            } else if (k == AbiLocation.REG_PAIR || k == AbiLocation.INDIRECT_REG) {
                if (k == AbiLocation.REG_PAIR) assertEquals(Type.I128, t);
                for (int r : regsOf(loc)) assertEquals(Regs.INT, Regs.cls(r));
            }
        }
        assertEquals(regs.size(), regs.stream().distinct().count(), "a register used twice: " + s);
        if (cc != CallConv.PRESERVE_ALL) {
            for (int r : regs) assertTrue(s.callerSaved().contains(r), conv.regName(r) + " passes an argument but is callee-saved");
        }

        // --- parameters: stack ---
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < s.paramCount(); i++) {
            int loc = s.paramLoc(i);
            Type t = sig.params().get(i).type();
            if (s.paramBuffer(i) >= 0) {
                assertEquals(0, s.paramBuffer(i) % 16);
                spans.add(new int[] {s.paramBuffer(i), t.bytes()});
            }
            if (!AbiLocation.isOnStack(loc)) {
                assertEquals(0, s.paramStackBytes(i));
                continue;
            }
            int off = AbiLocation.offset(loc);
            int bytes = s.paramStackBytes(i);
            assertTrue(bytes > 0);
            if (AbiLocation.kind(loc) == AbiLocation.STACK) {
                assertEquals(0, off % stackAlign(t, apple), t + " at " + off + " in " + s);
                assertTrue(bytes >= t.bytes());
            } else {
                assertEquals(0, off % 8);
            }
            if (win) assertTrue(off >= X64CallConv.WINDOWS_SHADOW_SPACE, "argument in the shadow space");
            spans.add(new int[] {off, bytes});
        }
        checkDisjoint(spans, s.stackArgBytes(), s.toString());
        assertEquals(0, s.stackArgBytes() % 16);
        assertEquals(cc == CallConv.TAIL ? s.stackArgBytes() : 0, s.calleePopBytes());

        // --- returns ---
        List<Integer> retRegs = new ArrayList<>();
        List<int[]> retSpans = new ArrayList<>();
        for (int i = 0; i < s.returnCount(); i++) {
            int loc = s.returnLoc(i);
            Type t = sig.returns().get(i).type();
            int k = AbiLocation.kind(loc);
            assertTrue(k == AbiLocation.REG || k == AbiLocation.REG_PAIR || k == AbiLocation.STACK, s.toString());
            addRegs(retRegs, loc);
            if (k == AbiLocation.STACK) {
                int off = AbiLocation.offset(loc);
                assertEquals(0, off % stackAlign(t, apple));
                retSpans.add(new int[] {off, s.returnStackBytes(i)});
            }
        }
        assertEquals(retRegs.size(), retRegs.stream().distinct().count(), "a return register used twice: " + s);
        checkDisjoint(retSpans, s.stackRetBytes(), s.toString());
        assertEquals(0, s.stackRetBytes() % 16);
        assertEquals(s.stackRetBytes() > 0, s.returnAreaPointer() != AbiLocation.NONE);
        for (int r : retRegs) assertFalse(s.callClobbers().contains(r));
        for (int r : retRegs) assertFalse(s.calleeSaved().contains(r), "callee would restore its own result");

        // --- register sets ---
        // Disjoint, except that AAPCS64 callees keep only the low halves of v8-v15: a caller must
        // still count those registers as clobbered.
        RegSet both = s.callerSaved().intersect(s.calleeSaved());
        RegSet allowed = conv instanceof X64CallConv ? RegSet.EMPTY : RegSet.range(Regs.FLOAT, 8, 15);
        assertEquals(both, both.intersect(allowed), "caller- and callee-saved at once: " + both);
        int[] frameRegs = conv instanceof X64CallConv
                ? new int[] {X64CallConv.RSP, X64CallConv.RBP}
                : new int[] {AArch64CallConv.FP, AArch64CallConv.LR, AArch64CallConv.SP};
        for (int r : frameRegs) assertFalse(s.calleeSaved().contains(r));
    }

    /** The alignment a stack argument of type t must have: at least 8 outside Apple, natural there, at most 16. */
    private static int stackAlign(Type t, boolean apple) {
        int natural = t.bytes();
        return Math.min(16, apple ? natural : Math.max(8, natural));
    }

    private static void addRegs(List<Integer> out, int loc) {
        for (int r : regsOf(loc)) out.add(r);
    }

    private static int[] regsOf(int loc) {
        return switch (AbiLocation.kind(loc)) {
            case AbiLocation.REG, AbiLocation.INDIRECT_REG -> new int[] {AbiLocation.preg(loc)};
            case AbiLocation.REG_PAIR -> new int[] {AbiLocation.lo(loc), AbiLocation.hi(loc)};
            default -> new int[0];
        };
    }

    /** Spans {offset, size} must not overlap each other and must lie within [0, limit). */
    static void checkDisjoint(List<int[]> spans, int limit, String what) {
        for (int i = 0; i < spans.size(); i++) {
            int[] a = spans.get(i);
            assertTrue(a[0] >= 0 && a[0] + a[1] <= limit, "span " + a[0] + "+" + a[1] + " outside " + limit + ": " + what);
            for (int j = i + 1; j < spans.size(); j++) {
                int[] b = spans.get(j);
                boolean overlap = a[1] > 0 && b[1] > 0 && a[0] < b[0] + b[1] && b[0] < a[0] + a[1];
                assertFalse(overlap, "spans " + a[0] + "+" + a[1] + " and " + b[0] + "+" + b[1] + " overlap: " + what);
            }
        }
    }
}
