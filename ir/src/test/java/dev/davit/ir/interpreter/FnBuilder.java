package dev.davit.ir.interpreter;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.ExtFuncData;
import dev.davit.ir.ExternalName;
import dev.davit.ir.Function;
import dev.davit.ir.Layout;
import dev.davit.ir.Opcode;
import dev.davit.ir.Signature;
import dev.davit.ir.StackSlotData;
import dev.davit.ir.Type;
import dev.davit.ir.UserFuncName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds small functions straight through the DataFlowGraph/Layout API, naming opcodes by text so
 * tests of opcodes the table does not have yet are skipped rather than failing to compile.
 */
final class FnBuilder {
    final Function fn;
    final DataFlowGraph dfg;
    final Layout layout;
    int cur = -1;

    FnBuilder(String name, List<Type> params, List<Type> returns) {
        fn = new Function(new UserFuncName.TestCase(name), sig(params, returns));
        dfg = fn.dfg();
        layout = fn.layout();
    }

    static Signature sig(List<Type> params, List<Type> returns) {
        List<AbiParam> p = new ArrayList<>(), r = new ArrayList<>();
        for (Type t : params) p.add(new AbiParam(t));
        for (Type t : returns) r.add(new AbiParam(t));
        return new Signature(p, r, CallConv.SYSTEM_V);
    }

    /** The opcode called {@code name}; skips the test if the table does not have it yet. */
    static Opcode op(String name) {
        Opcode o = Opcode.byName(name);
        Assumptions.assumeTrue(o != null, "opcode " + name + " is not in the opcode table yet");
        return o;
    }

    /** A new block appended to the layout, made current. */
    int block(Type... params) {
        int b = dfg.makeBlock();
        for (Type t : params) dfg.appendBlockParam(b, t);
        layout.appendBlock(b);
        cur = b;
        return b;
    }

    int param(int block, int i) { return dfg.blockParam(block, i); }

    void at(int block) { cur = block; }

    /** Appends an instruction with explicit result types; returns its handle. */
    int inst(String opName, Type ctrl, Type[] results, int[] args, long imm, int aux, int ref) {
        int i = dfg.makeInst(op(opName), ctrl, args, args.length, imm, aux, ref);
        for (Type t : results) dfg.appendResult(i, t);
        layout.appendInst(i, cur);
        return i;
    }

    /** An instruction with one result of type {@code t}; returns the result value. */
    int vi(String opName, Type t, long imm, int aux, int ref, int... args) {
        return dfg.firstResult(inst(opName, t, new Type[] {t}, args, imm, aux, ref));
    }

    int v(String opName, Type t, int... args) { return vi(opName, t, 0, 0, 0, args); }

    int iconst(Type t, long imm) { return vi("iconst", t, imm, 0, 0); }

    int blockCall(int block, int... args) { return dfg.makeBlockCall(block, args, args.length); }

    void ret(int... vals) { inst("return", null, new Type[0], vals, 0, 0, 0); }

    void jump(int block, int... args) {
        int i = inst("jump", null, new Type[0], new int[0], 0, 0, 0);
        dfg.setDests(i, blockCall(block, args));
    }

    void brif(int c, int thenBc, int elseBc) {
        int i = inst("brif", null, new Type[0], new int[] {c}, 0, 0, 0);
        dfg.setDests(i, thenBc, elseBc);
    }

    int slot(int size) { return fn.stencil().addStackSlot(new StackSlotData(size)); }

    /** Declares a callee by test-case name. */
    int func(String name, List<Type> params, List<Type> returns) {
        int s = dfg.addSignature(sig(params, returns));
        return dfg.addExtFunc(new ExtFuncData(new ExternalName.TestCase(name), s, false, false));
    }

    /** Builds {@code function %name(T, T) -> T { v2 = op v0, v1; return v2 }}. */
    static Function binary(String opName, Type t) {
        FnBuilder b = new FnBuilder(opName, List.of(t, t), List.of(t));
        int b0 = b.block(t, t);
        int r = b.v(opName, t, b.param(b0, 0), b.param(b0, 1));
        b.ret(r);
        return b.fn;
    }

    /** Builds {@code function %name(A) -> R { v1 = op v0; return v1 }}. */
    static Function unary(String opName, Type arg, Type result) {
        FnBuilder b = new FnBuilder(opName, List.of(arg), List.of(result));
        int b0 = b.block(arg);
        int r = b.v(opName, result, b.param(b0, 0));
        b.ret(r);
        return b.fn;
    }

    @Override
    public String toString() { return fn.name().text() + Arrays.toString(new int[0]); }
}
