package dev.davit.codegen.machinst;

import dev.davit.ir.DataFlowGraph;
import dev.davit.ir.IntCC;
import dev.davit.ir.Opcode;
import dev.davit.ir.TrapCode;
import dev.davit.ir.Type;

/**
 * The ISLE externs that read the CLIF being lowered, the same for every backend: a backend's
 * {@code LowerBackend} extends this and implements its generated {@code Context}, whose methods of
 * these names and signatures the inherited ones satisfy. "None" is -1 or null, so no int is boxed.
 */
public abstract class IsleLowerSupport<I> {
    /** The function being lowered; the backend sets both when {@link Lower} first calls it for a function. */
    protected Lower<I> lower;
    protected DataFlowGraph dfg;

    public Opcode inst_opcode(int inst) { return inst < 0 ? null : dfg.opcode(inst); }

    public Type inst_result_type(int inst) {
        if (inst < 0 || dfg.numResults(inst) == 0) return null;
        return dfg.valueType(dfg.result(inst, 0));
    }

    private int arg(int inst, int k) { return inst < 0 || dfg.numArgs(inst) <= k ? -1 : dfg.arg(inst, k); }

    public int inst_arg0(int inst) { return arg(inst, 0); }

    public int inst_arg1(int inst) { return arg(inst, 1); }

    public int inst_arg2(int inst) { return arg(inst, 2); }

    /** The entity field: a stack slot, FuncRef or SigRef number (0 for none). */
    public long inst_ref(int inst) { return inst < 0 ? 0 : dfg.ref(inst); }

    public long inst_imm(int inst) { return inst < 0 ? 0 : dfg.imm(inst); }

    public IntCC inst_intcc(int inst) {
        return inst < 0 || dfg.opcode(inst) != Opcode.ICMP ? null : IntCC.of(dfg.aux(inst));
    }

    public int inst_trap_code(int inst) { return inst < 0 ? TrapCode.NONE : dfg.aux(inst); }

    public Type value_type(int v) { return v < 0 ? null : lower.valueType(v); }

    public int def_inst(int v) { return v < 0 ? -1 : lower.defInst(v); }
}
