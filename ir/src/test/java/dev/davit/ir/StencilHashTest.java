package dev.davit.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StencilHashTest {
    /** What a test may vary in the small function {@link #build} makes. */
    record Spec(Opcode binop, long constant, Type type, int slotSize, boolean swapBlocks, int srcBase,
                int calleeIndex, boolean aliasThroughExtraValue) {
        static Spec base() {
            return new Spec(Opcode.IADD, 7, Type.I32, 16, false, 100, 5, false);
        }
    }

    /**
     * Builds:
     * <pre>
     * function u0:0(T) -> T {
     *     ss0 = explicit_slot SIZE
     *     fn0 = u1:CALLEE (T) -> T
     * block0(v0: T):
     *     v1 = iconst.T C
     *     v2 = BINOP v0, v1
     *     jump block1(v2)
     * block1(v3: T):
     *     v4 = call fn0(v3)
     *     return v4
     * }
     * </pre>
     * with source locations from SRCBASE and, when asked, block1 placed before block0's successor
     * order swapped.
     */
    static Function build(Spec s) {
        Type t = s.type();
        Signature sig = new Signature(List.of(new AbiParam(t)), List.of(new AbiParam(t)), CallConv.SYSTEM_V);
        Function f = new Function(new UserFuncName.User(new UserExternalName(0, 0)), sig);
        FunctionStencil st = f.stencil();
        DataFlowGraph dfg = f.dfg();
        Layout layout = f.layout();
        st.addStackSlot(new StackSlotData(s.slotSize()));
        int sigRef = dfg.addSignature(sig);
        int nameRef = f.declareImportedUserFunction(new UserExternalName(1, s.calleeIndex()));
        int fn = dfg.addExtFunc(new ExtFuncData(new ExternalName.User(nameRef), sigRef, false, false));
        if (s.aliasThroughExtraValue()) dfg.makeBlock(); // an unused block handle must not matter
        int b0 = dfg.makeBlock();
        int b1 = dfg.makeBlock();
        if (s.swapBlocks()) { layout.appendBlock(b1); layout.appendBlock(b0); }
        else { layout.appendBlock(b0); layout.appendBlock(b1); }
        int v0 = dfg.appendBlockParam(b0, t);
        int c = dfg.makeInst(Opcode.ICONST, t, new int[0], 0, s.constant(), 0, 0);
        dfg.makeResults(c);
        layout.appendInst(c, b0);
        int add = dfg.makeInst(s.binop(), t, new int[] {v0, dfg.firstResult(c)}, 2, 0, 0, 0);
        dfg.makeResults(add);
        layout.appendInst(add, b0);
        int sum = dfg.firstResult(add);
        if (s.aliasThroughExtraValue()) sum = dfg.makeAlias(sum);
        int jmp = dfg.makeInst(Opcode.JUMP, null, new int[0], 0, 0, 0, 0);
        dfg.setDests(jmp, dfg.makeBlockCall(b1, new int[] {sum}, 1));
        layout.appendInst(jmp, b0);
        int v3 = dfg.appendBlockParam(b1, t);
        int call = dfg.makeInst(Opcode.CALL, null, new int[] {v3}, 1, 0, 0, fn);
        dfg.makeResults(call);
        layout.appendInst(call, b1);
        int ret = dfg.makeInst(Opcode.RETURN, null, new int[] {dfg.firstResult(call)}, 1, 0, 0, 0);
        layout.appendInst(ret, b1);
        f.setSrcLoc(add, s.srcBase());
        f.setSrcLoc(call, s.srcBase() + 8);
        return f;
    }

    static byte[] bytes(Spec s) { return build(s).stencil().canonicalBytes(); }

    @Test
    void sameFunctionBuiltTwiceHasSameBytesAndHash() {
        assertArrayEquals(bytes(Spec.base()), bytes(Spec.base()));
        assertArrayEquals(build(Spec.base()).stencil().stencilHash(), build(Spec.base()).stencil().stencilHash());
        assertEquals(32, build(Spec.base()).stencil().stencilHash().length);
    }

    @Test
    void parametersDoNotChangeTheStencil() {
        Spec b = Spec.base();
        byte[] base = bytes(b);
        // Another base source location: the relative locations are the same.
        assertArrayEquals(base, bytes(new Spec(b.binop(), b.constant(), b.type(), b.slotSize(), false, 5000, b.calleeIndex(), false)));
        // Another callee name: only the name table differs.
        assertArrayEquals(base, bytes(new Spec(b.binop(), b.constant(), b.type(), b.slotSize(), false, b.srcBase(), 99, false)));
        // Renaming through the parameters after the fact.
        Function f = build(b);
        f.params().resetUserFunctionName(0, new UserExternalName(3, 3));
        assertArrayEquals(base, f.stencil().canonicalBytes());
    }

    @Test
    void aliasesAndUnusedHandlesDoNotChangeTheStencil() {
        Spec b = Spec.base();
        assertArrayEquals(bytes(b), bytes(new Spec(b.binop(), b.constant(), b.type(), b.slotSize(), false, b.srcBase(), b.calleeIndex(), true)));
    }

    @Test
    void everyCompiledAspectChangesTheStencil() {
        Spec b = Spec.base();
        byte[] base = bytes(b);
        List<Spec> changed = List.of(
                new Spec(Opcode.byName("isub") != null ? Opcode.byName("isub") : Opcode.ICONST, b.constant(), b.type(), b.slotSize(), false, b.srcBase(), b.calleeIndex(), false),
                new Spec(b.binop(), 8, b.type(), b.slotSize(), false, b.srcBase(), b.calleeIndex(), false),
                new Spec(b.binop(), b.constant(), Type.I64, b.slotSize(), false, b.srcBase(), b.calleeIndex(), false),
                new Spec(b.binop(), b.constant(), b.type(), 32, false, b.srcBase(), b.calleeIndex(), false),
                new Spec(b.binop(), b.constant(), b.type(), b.slotSize(), true, b.srcBase(), b.calleeIndex(), false));
        for (Spec s : changed) assertFalse(Arrays.equals(base, bytes(s)), "unchanged bytes for " + s);
        // A changed relative source location is part of the stencil too.
        Function f = build(b);
        f.setSrcLoc(f.layout().firstInst(f.layout().firstBlock()), b.srcBase() + 2);
        assertFalse(Arrays.equals(base, f.stencil().canonicalBytes()));
    }

    @Property(tries = 200)
    void bytesAreEqualExactlyWhenCompiledAspectsAreEqual(
            @ForAll @IntRange(min = 0, max = 3) int c1, @ForAll @IntRange(min = 0, max = 3) int c2,
            @ForAll @IntRange(min = 0, max = 1) int t1, @ForAll @IntRange(min = 0, max = 1) int t2,
            @ForAll @IntRange(min = 0, max = 1000) int base1, @ForAll @IntRange(min = 0, max = 1000) int base2,
            @ForAll @IntRange(min = 0, max = 9) int callee1, @ForAll @IntRange(min = 0, max = 9) int callee2) {
        Type[] types = {Type.I32, Type.I64};
        Spec a = new Spec(Opcode.IADD, c1, types[t1], 16, false, base1, callee1, false);
        Spec b = new Spec(Opcode.IADD, c2, types[t2], 16, false, base2, callee2, false);
        boolean sameCompile = c1 == c2 && t1 == t2;
        assertEquals(sameCompile, Arrays.equals(bytes(a), bytes(b)));
    }
}
