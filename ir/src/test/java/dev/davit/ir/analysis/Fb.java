package dev.davit.ir.analysis;

import dev.davit.ir.AbiParam;
import dev.davit.ir.CallConv;
import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.Function;
import dev.davit.ir.Layout;
import dev.davit.ir.Opcode;
import dev.davit.ir.Signature;
import dev.davit.ir.Type;
import dev.davit.ir.UserFuncName;
import java.util.ArrayList;
import java.util.List;

/**
 * A terse function builder for tests that construct IR through the DataFlowGraph/Layout API (the
 * analysis and verifier tests share it). Instructions are appended to the block given.
 */
public final class Fb {
    public final Function f;
    public final DataFlowGraph dfg;
    public final Layout layout;

    public Fb(Type... params) { this(sig(params, new Type[0], CallConv.SYSTEM_V)); }

    public Fb(Signature s) {
        f = new Function(new UserFuncName.TestCase("test"), s);
        dfg = f.dfg();
        layout = f.layout();
    }

    public static Signature sig(Type[] params, Type[] returns, CallConv cc) {
        List<AbiParam> ps = new ArrayList<>(), rs = new ArrayList<>();
        for (Type t : params) ps.add(new AbiParam(t));
        for (Type t : returns) rs.add(new AbiParam(t));
        return new Signature(ps, rs, cc);
    }

    /** A new block with the given parameter types, appended to the layout. */
    public int block(Type... params) {
        int b = dfg.makeBlock();
        for (Type t : params) dfg.appendBlockParam(b, t);
        layout.appendBlock(b);
        return b;
    }

    /** A new block not in the layout. */
    public int detachedBlock(Type... params) {
        int b = dfg.makeBlock();
        for (Type t : params) dfg.appendBlockParam(b, t);
        return b;
    }

    public int param(int block, int i) { return dfg.blockParam(block, i); }

    /** Makes an instruction with results from its opcode and appends it to {@code block}. */
    public int inst(int block, Opcode op, Type ctrl, int[] args, long imm, int aux, int ref) {
        int i = dfg.makeInst(op, ctrl, args, args.length, imm, aux, ref);
        dfg.makeResults(i);
        layout.appendInst(i, block);
        return i;
    }

    public int result(int inst) { return dfg.firstResult(inst); }

    public int iconst(int block, Type t, long v) { return result(inst(block, Opcode.ICONST, t, new int[0], v, 0, 0)); }

    public int iadd(int block, int x, int y) {
        return result(inst(block, Opcode.IADD, dfg.valueType(x), new int[] {x, y}, 0, 0, 0));
    }

    public int bc(int target, int... args) { return dfg.makeBlockCall(target, args, args.length); }

    public int jump(int block, int target, int... args) {
        int i = inst(block, Opcode.JUMP, null, new int[0], 0, 0, 0);
        dfg.setDests(i, bc(target, args));
        return i;
    }

    public int brif(int block, int cond, int then, int otherwise) {
        int i = inst(block, Opcode.BRIF, dfg.valueType(cond), new int[] {cond}, 0, 0, 0);
        dfg.setDests(i, bc(then), bc(otherwise));
        return i;
    }

    public int brif(int block, int cond, int thenCall, int elseCall, boolean calls) {
        int i = inst(block, Opcode.BRIF, dfg.valueType(cond), new int[] {cond}, 0, 0, 0);
        dfg.setDests(i, thenCall, elseCall);
        return i;
    }

    /** {@code br_table index, default, [targets]}. */
    public int brTable(int block, int index, int dflt, int... targets) {
        int[] table = new int[targets.length + 1];
        table[0] = bc(dflt);
        for (int k = 0; k < targets.length; k++) table[k + 1] = bc(targets[k]);
        int jt = dfg.addJumpTable(table);
        return inst(block, Opcode.BR_TABLE, dfg.valueType(index), new int[] {index}, 0, 0, jt);
    }

    public int ret(int block, int... vals) { return inst(block, Opcode.RETURN, null, vals, 0, 0, 0); }

    public int trap(int block) { return inst(block, Opcode.TRAP, null, new int[0], 0, 0, 0); }
}
